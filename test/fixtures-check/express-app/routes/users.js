const express = require('express');

const router = express.Router();
const users = [{ id: 1, name: 'Ada' }];

router.get('/', (req, res) => res.json(users));

router.get('/:id', (req, res) => {
  const user = users.find((u) => u.id === Number(req.params.id));
  if (!user) return res.status(404).json({ error: 'not found' });
  res.json(user);
});

router.post('/', (req, res) => {
  users.push(req.body);
  res.status(201).json(req.body);
});

module.exports = router;
