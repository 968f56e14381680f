import { createPublicKey } from 'node:crypto';
import { badInput } from '../../common/app-error.ts';
import { keyIdOf } from '../../protocol/signing.ts';
import { loadPolicy, savePolicy } from './load-policy.ts';

/**
 * Pins the hub's task-signing key in the station's `policy.json`, after the hub rotated it: from then on
 * the station accepts tasks signed with this key only (a task signed with the old key is refused as
 * `bad-signature`). `expectedKeyId` is the key id the hub's operator announced by another channel; a key
 * whose id differs is refused, so a hub address that answers with another key cannot get itself pinned.
 * Returns the key id pinned before (if any). A running station agent picks the new policy up at its next task.
 */
export async function pinHubKey(
  stationDir: string,
  publicKeyPem: string,
  expectedKeyId: string,
): Promise<{ keyId: string; previousKeyId?: string }> {
  let type: string | undefined;
  try {
    type = createPublicKey(publicKeyPem).asymmetricKeyType;
  } catch {
    type = undefined;
  }
  if (type !== 'ed25519')
    throw badInput('the hub answered with something that is not an Ed25519 key', 'hub key');
  const keyId = keyIdOf(publicKeyPem);
  if (keyId !== expectedKeyId) {
    throw badInput(
      `the hub serves key ${keyId}, not ${expectedKeyId}: check the key id with the hub's operator`,
      '--key-id',
    );
  }
  const policy = await loadPolicy(stationDir);
  const previous = policy.hubPublicKey;
  await savePolicy(stationDir, { ...policy, hubPublicKey: publicKeyPem });
  return { keyId, ...(previous ? { previousKeyId: keyIdOf(previous) } : {}) };
}
