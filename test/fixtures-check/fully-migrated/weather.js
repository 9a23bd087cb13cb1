/** A stand-in for a remote forecast service: answers like `fetch` does, with a `json()` method. */
export async function loadForecast(city) {
  return { json: async () => ({ city, forecast: 'sunny' }) };
}
