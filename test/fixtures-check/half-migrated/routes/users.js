const users = [{ id: 1, name: 'Ada' }];

async function usersRoutes(fastify) {
  fastify.get('/', async (request, reply) => {
    return users;
  });

  fastify.delete('/:id', async (request, reply) => {
    const index = users.findIndex((u) => u.id === Number(request.params.id));
    if (index === -1) return res.sendStatus(404);
    users.splice(index, 1);
    return reply.code(204).send();
  });
}

module.exports = usersRoutes;
