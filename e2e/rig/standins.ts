import type { Rig } from './server.js';

/**
 * Mounts the stand-in AWS API endpoints (STS, federation) on the rig, when they are part of the
 * build. They check signatures and answer like AWS; see e2e/standins.
 */
export async function mountStandIns(_rig: Rig): Promise<void> {
  // Filled in once the stand-in endpoints exist.
}
