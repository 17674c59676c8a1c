import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';

/** A certificate for `localhost`, `127.0.0.1` and `::1`, made at start, and where its PEM lies for other processes to trust. */
export type LocalCertificate = {
  readonly key: string;
  readonly cert: string;
  /** The certificate as a file, for `NODE_EXTRA_CA_CERTS` (a function's own process). */
  readonly certFile: string;
  /**
   * The public roots Node trusts and this certificate, as one file: for `AWS_CA_BUNDLE`, which
   * botocore (boto3, the AWS CLI) trusts instead of its own roots — so a Python function reaches
   * both the local gateway and AWS.
   */
  readonly bundleFile: string;
  /** Removes the file. */
  remove(): void;
};

/**
 * Makes a fresh self-signed certificate for the local gateway's TLS side
 * (an EC key, valid one day): what lets a handler written for AWS call back
 * on `https://{domainName}/{stage}` unmodified.
 *
 * @example
 * const certificate = await makeLocalCertificate(); listen(app.fetch, { tls: certificate });
 */
export async function makeLocalCertificate(): Promise<LocalCertificate> {
  // Loaded only when a WebSocket API starts: no other command needs it.
  const { generate } = await import('selfsigned');
  // The real clock, not an injected one: TLS clients check the validity dates against theirs.
  const notBeforeDate = new Date(Date.now() - 60_000);
  const pems = await generate([{ name: 'commonName', value: 'bedrock-emulator local API Gateway' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate: new Date(notBeforeDate.getTime() + 24 * 60 * 60_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }, { type: 7, ip: '::1' }] },
    ],
  });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bedrock-emulator-tls-'));
  const certFile = path.join(dir, 'local-gateway.pem');
  writeFileSync(certFile, pems.cert);
  const bundleFile = path.join(dir, 'ca-bundle.pem');
  writeFileSync(bundleFile, `${[...tls.rootCertificates, pems.cert].join('\n')}\n`);
  return { key: pems.private, cert: pems.cert, certFile, bundleFile, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Makes this process trust a certificate (a handler running in process calls
 * the gateway over TLS). Needs Node 22.19 or later (`tls.setDefaultCACertificates`);
 * returns how to undo it.
 *
 * @example
 * const untrust = trustInThisProcess(certificate.cert);
 */
export function trustInThisProcess(cert: string): () => void {
  if (typeof tls.setDefaultCACertificates !== 'function') {
    throw new Error('Handlers in process call the local gateway over TLS, which needs Node 22.19 or later (tls.setDefaultCACertificates). Upgrade Node, or use --mode runtime.');
  }
  const before = tls.getCACertificates('default');
  tls.setDefaultCACertificates([...before, cert]);
  return () => tls.setDefaultCACertificates(before);
}
