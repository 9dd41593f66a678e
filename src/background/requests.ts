import * as v from 'valibot';

// Requests from the extension's own pages (the panel) to the background, each with a schema that
// its payload must satisfy. A feature adds one file under handlers/ that registers its requests.

type Handler<TSchema extends v.GenericSchema> = (
  request: v.InferOutput<TSchema>,
  context: { tabId: number | undefined },
) => Promise<unknown>;

interface Registration {
  schema: v.GenericSchema;
  handle: Handler<v.GenericSchema>;
}

const registry = new Map<string, Registration>();

export function onPanelRequest<TSchema extends v.GenericSchema>(
  type: string,
  schema: TSchema,
  handle: Handler<TSchema>,
): void {
  registry.set(type, { schema, handle: handle as Handler<v.GenericSchema> });
}

export type PanelAnswer = { ok: true; value: unknown } | { ok: false; error: string };

/** Validates and runs a request; null when the message is not a known panel request. */
export async function answerPanelRequest(
  message: unknown,
  tabId: number | undefined,
): Promise<PanelAnswer | null> {
  if (typeof message !== 'object' || message === null) return null;
  const type = (message as { type?: unknown }).type;
  const registration = typeof type === 'string' ? registry.get(type) : undefined;
  if (!registration) return null;
  const parsed = v.safeParse(registration.schema, message);
  if (!parsed.success) {
    return { ok: false, error: `Malformed "${type}" request: ${parsed.issues[0]?.message}` };
  }
  try {
    return { ok: true, value: await registration.handle(parsed.output, { tabId }) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
