/**
 * Version ranges written into a migrated package.json. They are the majors this tool's
 * differential tests run against (its own devDependencies; a test keeps the two in step).
 */
export const OUTPUT_VERSIONS: Record<string, string> = {
  fastify: '^5.6.0',
  '@fastify/compress': '^9.2.0',
  '@fastify/cookie': '^11.0.2',
  '@fastify/cors': '^11.4.3',
  '@fastify/express': '^4.0.2',
  '@fastify/formbody': '^9.0.1',
  '@fastify/helmet': '^13.2.0',
  '@fastify/multipart': '^10.1.9',
  '@fastify/rate-limit': '^11.2.0',
  '@fastify/session': '^11.1.3',
  '@fastify/static': '^10.1.11',
  '@fastify/swagger': '^9.9.3',
  '@fastify/swagger-ui': '^6.1.3',
  qs: '^6.14.0',
};
