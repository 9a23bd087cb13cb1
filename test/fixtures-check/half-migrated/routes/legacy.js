const express = require('express');

const router = express.Router();

router.get('/reports', (req, res) => {
  res.render('reports');
});

router.post('/reports', (req, res) => {
  res.redirect(303, '/legacy/reports');
});

module.exports = router;
