const express = require('express');
const users = require('./routes/users');

const app = express();

app.use(express.json());
app.use((req, res, next) => {
  res.set('X-App', 'shop');
  next();
});

app.get('/health', (req, res) => {
  res.json({ ok: true });
});

app.use('/users', users);

app.listen(3000);
