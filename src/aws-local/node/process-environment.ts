/**
 * A handler run in process reads this process's environment, and several
 * functions (a stack, a test file) may set theirs at once and stop in any
 * order. Each sets a layer; a variable's value is worked out from what the
 * process had before any layer touched it, then the layers in the order they
 * were set, so removing one layer never leaves another's values behind.
 */
type Layer = { readonly variables: Readonly<Record<string, string>>; readonly defaults: Readonly<Record<string, string>> };

const layers: Layer[] = [];
/** What the process had before the first live layer touched each variable. */
const before = new Map<string, string | undefined>();

/**
 * Sets variables in this process's environment, and returns how to take
 * them back out. `defaults` apply only where the process (or an earlier
 * layer) has no value.
 *
 * @example
 * const restore = setProcessEnvironment({ MODEL_ID: 'x' }, { AWS_REGION: 'us-east-1' }); … restore();
 */
export function setProcessEnvironment(variables: Readonly<Record<string, string>>, defaults: Readonly<Record<string, string>> = {}): () => void {
  const layer: Layer = { variables, defaults };
  const names = namesOf(layer);
  for (const name of names) if (!before.has(name)) before.set(name, process.env[name]);
  layers.push(layer);
  settle(names);
  let removed = false;
  return () => {
    if (removed) return;
    removed = true;
    layers.splice(layers.indexOf(layer), 1);
    settle(names);
    for (const name of names) if (!layers.some((other) => namesOf(other).includes(name))) before.delete(name);
  };
}

function namesOf(layer: Layer): string[] {
  return [...new Set([...Object.keys(layer.variables), ...Object.keys(layer.defaults)])];
}

function settle(names: readonly string[]): void {
  for (const name of names) {
    let value = before.get(name);
    for (const layer of layers) {
      value = layer.variables[name] ?? value ?? layer.defaults[name];
    }
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
}
