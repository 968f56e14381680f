/**
 * The version of each algorithm this platform ships, where it is not 1.0.0: what the web app's forms,
 * the demo and the tests ask permits and runs for (stations accept name, version and hash). A test holds
 * it to the versions the algorithm definitions declare, so a bump is made here once.
 */
const SHIPPED: Readonly<Record<string, string>> = {
  descriptive: '1.2.0',
  glm: '1.4.0',
  validation: '2.3.0',
  'regional-picture': '1.2.0',
  'outcome-monitor': '1.1.0',
  'hybrid-care': '1.1.0',
  representativeness: '1.1.0',
};

/** The shipped version of an algorithm. */
export const shippedVersion = (name: string): string => SHIPPED[name] ?? '1.0.0';

/** `{ name, version }` of a shipped algorithm, as permits and runs name it. */
export const shipped = (name: string): { name: string; version: string } => ({
  name,
  version: shippedVersion(name),
});
