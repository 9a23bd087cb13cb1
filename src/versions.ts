/**
 * Version ranges written into a migrated package.json. They are the majors this tool's
 * differential tests run against (its own devDependencies; a test keeps the two in step).
 */
export const OUTPUT_VERSIONS: Record<string, string> = {
  fastify: '^5.6.0',
  '@fastify/cookie': '^11.0.2',
  '@fastify/express': '^4.0.2',
  '@fastify/formbody': '^8.0.2',
  qs: '^6.13.0',
};
