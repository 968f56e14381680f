import type { AuditHead, SignedAuditHead } from './audit-head.ts';
import { keyIdOf, signJson, verifyJson } from './signing.ts';

/** Signs a head with `keys` (PEM private key and its keyId). */
export function signAuditHead(
  head: AuditHead,
  keys: { privateKeyPem: string; keyId: string },
): SignedAuditHead {
  return { head, keyId: keys.keyId, signature: signJson(head, keys.privateKeyPem) };
}

/** Whether `signed` carries a valid signature of the key `publicKeyPem` (and names that key). */
export function verifyAuditHead(signed: SignedAuditHead, publicKeyPem: string): boolean {
  return signed.keyId === keyIdOf(publicKeyPem) && verifyJson(signed.head, signed.signature, publicKeyPem);
}
