const users = [{ id: 1, name: 'Ada' }];

export default async function usersRoutes(app) {
  app.get('/', async () => users);

  app.get('/:id', async (request, reply) => {
    const user = users.find((u) => u.id === Number(request.params.id));
    if (!user) {
      reply.code(404);
      return { error: 'not found' };
    }
    return user;
  });
}
