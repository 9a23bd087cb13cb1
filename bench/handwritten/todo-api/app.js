'use strict';

// examples/todo-api written by hand as idiomatic Fastify 5, with the same routes and the same
// answers. It is the reference the migrated app is measured against (`npm run bench`):
// async handlers that return their payload, and schemas so that Fastify serialises responses
// with fast-json-stringify instead of JSON.stringify.
const Fastify = require('fastify');

const app = Fastify();

let nextId = 4;
const todos = [
  { id: 1, title: 'Read the Fastify docs', done: true, tag: 'learning' },
  { id: 2, title: 'Migrate the todo service', done: false, tag: 'work' },
  { id: 3, title: 'Water the plants', done: false, tag: 'home' },
];

function findTodo(id) {
  return todos.find((todo) => todo.id === Number(id));
}

const todo = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    title: { type: 'string' },
    done: { type: 'boolean' },
    tag: { type: ['string', 'null'] },
  },
  required: ['id', 'title', 'done', 'tag'],
};
const error = {
  type: 'object',
  properties: { error: { type: 'string' } },
  required: ['error'],
};
const byId = {
  params: {
    type: 'object',
    properties: { id: { type: 'string' } },
    required: ['id'],
  },
};

app.get('/', async (request, reply) => {
  reply.type('text/html; charset=utf-8');
  return `<h1>Todo API</h1><p>${todos.length} todos. Try <a href="/todos">/todos</a>.</p>`;
});

app.get(
  '/todos',
  {
    schema: {
      querystring: {
        type: 'object',
        properties: { done: { type: 'string' }, tag: { type: 'string' }, q: { type: 'string' } },
      },
      response: { 200: { type: 'array', items: todo } },
    },
  },
  async (request) => {
    const { done, tag, q } = request.query;
    let result = todos;
    if (done !== undefined) result = result.filter((t) => t.done === (done === 'true'));
    if (tag) result = result.filter((t) => t.tag === tag);
    if (q) {
      const needle = q.toLowerCase();
      result = result.filter((t) => t.title.toLowerCase().includes(needle));
    }
    return result;
  },
);

app.get('/todos/:id', { schema: { ...byId, response: { 200: todo, 404: error } } }, async (request, reply) => {
  const found = findTodo(request.params.id);
  if (!found) {
    reply.code(404);
    return { error: `todo ${request.params.id} not found` };
  }
  return found;
});

app.post(
  '/todos',
  {
    schema: {
      body: { type: 'object', properties: { title: {}, tag: {} } },
      response: { 201: todo, 400: error },
    },
  },
  async (request, reply) => {
    const { title, tag } = request.body ?? {};
    if (typeof title !== 'string' || title.trim() === '') {
      reply.code(400);
      return { error: 'title is required' };
    }
    const created = { id: nextId++, title: title.trim(), done: false, tag: tag || null };
    todos.push(created);
    reply.code(201);
    return created;
  },
);

app.patch('/todos/:id', { schema: { ...byId, response: { 200: todo, 404: error } } }, async (request, reply) => {
  const found = findTodo(request.params.id);
  if (!found) {
    reply.code(404);
    return { error: `todo ${request.params.id} not found` };
  }
  const body = request.body ?? {};
  if (body.title !== undefined) found.title = String(body.title);
  if (body.done !== undefined) found.done = Boolean(body.done);
  if (body.tag !== undefined) found.tag = body.tag;
  return found;
});

app.delete('/todos/:id', { schema: { ...byId, response: { 404: error } } }, async (request, reply) => {
  const index = todos.findIndex((t) => t.id === Number(request.params.id));
  if (index === -1) {
    reply.code(404);
    return { error: `todo ${request.params.id} not found` };
  }
  todos.splice(index, 1);
  return reply.code(204).send();
});

app.get(
  '/stats',
  {
    schema: {
      response: {
        200: {
          type: 'object',
          properties: { total: { type: 'integer' }, done: { type: 'integer' }, open: { type: 'integer' } },
          required: ['total', 'done', 'open'],
        },
      },
    },
  },
  async () => {
    const done = todos.filter((t) => t.done).length;
    return { total: todos.length, done, open: todos.length - done };
  },
);

const port = Number(process.env.PORT) || 3000;
app.listen({ port, host: process.env.HOST || '127.0.0.1' }).then(
  () => console.log(`todo-api (hand-written Fastify) listening on http://localhost:${port}`),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
