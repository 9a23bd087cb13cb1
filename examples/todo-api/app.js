const express = require('express');

const app = express();
app.use(express.json());

let nextId = 4;
const todos = [
  { id: 1, title: 'Read the Fastify docs', done: true, tag: 'learning' },
  { id: 2, title: 'Migrate the todo service', done: false, tag: 'work' },
  { id: 3, title: 'Water the plants', done: false, tag: 'home' },
];

function findTodo(id) {
  return todos.find((todo) => todo.id === Number(id));
}

app.get('/', (req, res) => {
  res.send(`<h1>Todo API</h1><p>${todos.length} todos. Try <a href="/todos">/todos</a>.</p>`);
});

// GET /todos?done=false&tag=work&q=plants
app.get('/todos', (req, res) => {
  let result = todos;
  if (req.query.done !== undefined) {
    const done = req.query.done === 'true';
    result = result.filter((todo) => todo.done === done);
  }
  if (req.query.tag) {
    result = result.filter((todo) => todo.tag === req.query.tag);
  }
  if (req.query.q) {
    const needle = String(req.query.q).toLowerCase();
    result = result.filter((todo) => todo.title.toLowerCase().includes(needle));
  }
  res.json(result);
});

app.get('/todos/:id', (req, res) => {
  const todo = findTodo(req.params.id);
  if (!todo) {
    return res.status(404).json({ error: `todo ${req.params.id} not found` });
  }
  res.json(todo);
});

app.post('/todos', (req, res) => {
  const { title, tag } = req.body;
  if (typeof title !== 'string' || title.trim() === '') {
    return res.status(400).json({ error: 'title is required' });
  }
  const todo = { id: nextId++, title: title.trim(), done: false, tag: tag || null };
  todos.push(todo);
  res.status(201).json(todo);
});

app.patch('/todos/:id', (req, res) => {
  const todo = findTodo(req.params.id);
  if (!todo) {
    return res.status(404).json({ error: `todo ${req.params.id} not found` });
  }
  if (req.body.title !== undefined) todo.title = String(req.body.title);
  if (req.body.done !== undefined) todo.done = Boolean(req.body.done);
  if (req.body.tag !== undefined) todo.tag = req.body.tag;
  res.json(todo);
});

app.delete('/todos/:id', (req, res) => {
  const index = todos.findIndex((todo) => todo.id === Number(req.params.id));
  if (index === -1) {
    return res.status(404).json({ error: `todo ${req.params.id} not found` });
  }
  todos.splice(index, 1);
  res.sendStatus(204);
});

app.get('/stats', (req, res) => {
  const done = todos.filter((todo) => todo.done).length;
  res.json({ total: todos.length, done, open: todos.length - done });
});

const port = process.env.PORT || 3000;
app.listen(port, () => {
  console.log(`todo-api listening on http://localhost:${port}`);
});
