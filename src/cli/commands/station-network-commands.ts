import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { type Command, Option } from 'commander';
import pino from 'pino';
import { loadLocalRegistry } from '../../analytics/index.ts';
import { badInput, notFound, PLATFORM_VERSION } from '../../common/index.ts';
import { HubClient } from '../../hub-client/index.ts';
import {
  appendStationAudit,
  approvePermit,
  datasetMetadata,
  defaultPolicy,
  loadHubRegistration,
  loadPolicy,
  openStation,
  openStationNode,
  PENDING_PERMITS_FILE,
  PendingPermits,
  POLICY_FILE,
  permitsAwaitingApproval,
  pinHubKey,
  platformViews,
  publishedProfile,
  recordLocalUse,
  saveHubRegistration,
  savePolicy,
  stationSigningKeys,
  tablesOfViews,
} from '../../station/index.ts';
import { openStore } from '../../store/index.ts';

async function signedInClient(hub: string, opts: { email?: string; password?: string; token?: string }) {
  const client = new HubClient(hub, opts.token ? { token: opts.token } : {});
  if (!opts.token) {
    if (!opts.email || !opts.password)
      throw badInput('give --token, or --email and --password of a steward', 'options');
    await client.login(opts.email, opts.password);
  }
  return client;
}

/**
 * The station's side of the network, added to `ai4h station`: register at a hub, connect out and serve
 * tasks, publish the dataset to the catalogue, and the steward's permit approvals.
 */
export function addStationNetworkCommands(station: Command): Command {
  station
    .command('register')
    .description(
      "Register this station at a hub as its steward; pins the hub's key and accepts the shipped algorithms",
    )
    .requiredOption('--dir <dir>', 'station folder')
    .requiredOption('--hub <url>', 'hub base URL, e.g. https://hub.example.nl')
    .option('--email <email>', "steward's e-mail")
    .option('--password <password>', "steward's password")
    .option('--token <token>', "steward's API token (instead of e-mail and password)")
    .option('--name <name>', 'station name at the hub (default: the station name)')
    .action(
      async (opts: {
        dir: string;
        hub: string;
        email?: string;
        password?: string;
        token?: string;
        name?: string;
      }) => {
        const st = await openStation(opts.dir);
        const client = await signedInClient(opts.hub, opts);
        const me = await client.me();
        const keys = await stationSigningKeys(st.dir);
        const created = await client.registerStation({
          name: opts.name ?? st.config.name,
          organisationId: me.organisationId,
          publicKeyPem: keys.publicKeyPem,
        });
        await saveHubRegistration(st.dir, { hubUrl: opts.hub, stationId: created.id, token: created.token });
        const hubKey = await client.hubKey();
        const policy = existsSync(join(st.dir, POLICY_FILE)) ? await loadPolicy(st.dir) : defaultPolicy();
        const accepted = policy.acceptedAlgorithms.length
          ? policy.acceptedAlgorithms
          : (await loadLocalRegistry())
              .list()
              .map((a) => ({ name: a.name, version: a.version, hash: a.hash }));
        await savePolicy(st.dir, {
          ...policy,
          hubPublicKey: hubKey.publicKeyPem,
          acceptedAlgorithms: accepted,
        });
        console.log(
          `registered as station ${created.id} at ${opts.hub}; hub key ${hubKey.keyId} pinned in ${POLICY_FILE}`,
        );
      },
    );

  station
    .command('register-key')
    .description(
      "Register this station's signing key (it signs the station's audit chain) at its hub, for a station registered before it had one",
    )
    .requiredOption('--dir <dir>', 'station folder (registered with `station register`)')
    .option('--email <email>', "steward's e-mail")
    .option('--password <password>', "steward's password")
    .option('--token <token>', "steward's API token (instead of e-mail and password)")
    .action(async (opts: { dir: string; email?: string; password?: string; token?: string }) => {
      const st = await openStation(opts.dir);
      const reg = await loadHubRegistration(st.dir);
      if (!reg) throw badInput('station is not registered at a hub; run `ai4h station register`', opts.dir);
      const client = await signedInClient(reg.hubUrl, opts);
      const keys = await stationSigningKeys(st.dir);
      const out = await client.registerStationKey(reg.stationId, keys.publicKeyPem);
      console.log(`station ${out.id}: signing key ${out.keyId} registered at ${reg.hubUrl}`);
    });

  station
    .command('pin-hub-key')
    .description(
      "Pin the hub's current task-signing key in policy.json (after the hub rotated it); the key id must match",
    )
    .requiredOption('--dir <dir>', 'station folder (registered with `station register`)')
    .requiredOption('--key-id <id>', "the hub's new key id, as its operator announced it")
    .action(async (opts: { dir: string; keyId: string }) => {
      const st = await openStation(opts.dir);
      const reg = await loadHubRegistration(st.dir);
      if (!reg) throw badInput('station is not registered at a hub; run `ai4h station register`', opts.dir);
      const served = await new HubClient(reg.hubUrl).hubKey();
      const pinned = await pinHubKey(st.dir, served.publicKeyPem, opts.keyId);
      await appendStationAudit(st.dir, {
        actor: `os-user:${userInfo().username}`,
        action: 'station.hub-key-pinned',
        subject: pinned.keyId,
        details: { previousKeyId: pinned.previousKeyId ?? null, hub: reg.hubUrl },
      });
      console.log(
        `hub key ${pinned.keyId} pinned in ${POLICY_FILE}${pinned.previousKeyId ? ` (was ${pinned.previousKeyId})` : ''}`,
      );
    });

  station
    .command('connect')
    .description('Connect out to the hub and run accepted tasks until stopped (Ctrl+C)')
    .requiredOption('--dir <dir>', 'station folder (registered with `station register`)')
    .addOption(new Option('--wait <seconds>', 'long-poll wait').default(25).argParser(Number))
    .action(async (opts: { dir: string; wait: number }) => {
      const node = await openStationNode(opts.dir, {
        logger: pino({ name: 'station', level: process.env.AI4H_LOG_LEVEL ?? 'info' }),
        pollWaitSeconds: opts.wait,
        onTask: (r) =>
          console.log(
            `${new Date().toISOString()} task ${r.taskId} ${r.status}${r.status === 'refused' ? ` (${r.reason}: ${r.message})` : ''}`,
          ),
      });
      node.agent.start();
      console.log(`station ${node.stationId} connected; waiting for tasks (Ctrl+C to stop)`);
      await new Promise<void>((resolve) => {
        const stop = () => node.close().then(resolve, resolve);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });

  station
    .command('publish')
    .description(
      "Publish this station's dataset description and disclosure-controlled profile to the hub catalogue",
    )
    .requiredOption('--dir <dir>', 'station folder (registered)')
    .requiredOption('--title <title>', 'dataset title')
    .requiredOption('--description <text>', 'dataset description')
    .requiredOption('--contact-name <name>', 'contact point name')
    .requiredOption('--contact-email <email>', 'contact point e-mail')
    .requiredOption('--keyword <word...>', 'keywords (at least one)')
    .requiredOption(
      '--publisher-id <id>',
      "the organisation's identifier in the catalogue (e.g. its KvK or URA number, or an IRI)",
    )
    .requiredOption('--publisher-email <email>', "the organisation's general e-mail address")
    .requiredOption('--publisher-homepage <url>', "the organisation's website")
    .action(
      async (opts: {
        dir: string;
        title: string;
        description: string;
        contactName: string;
        contactEmail: string;
        keyword: string[];
        publisherId: string;
        publisherEmail: string;
        publisherHomepage: string;
      }) => {
        const st = await openStation(opts.dir);
        const reg = await loadHubRegistration(st.dir);
        if (!reg) throw badInput('station is not registered at a hub; run `ai4h station register`', opts.dir);
        const policy = await loadPolicy(st.dir);
        const store = await openStore(st.location, tablesOfViews(await platformViews()));
        try {
          const profile = await publishedProfile(st, store, policy);
          const meta = datasetMetadata(
            {
              identifier: `${st.config.name}-fhir`,
              title: opts.title,
              description: opts.description,
              keywords: opts.keyword,
              contactPoint: { name: opts.contactName, email: opts.contactEmail },
              publisherDetails: {
                identifier: opts.publisherId,
                email: opts.publisherEmail,
                homepage: opts.publisherHomepage,
              },
            },
            profile,
          );
          // What leaves for the catalogue is in the station's audit chain first.
          await recordLocalUse(st.dir, {
            command: 'station publish',
            algorithm: { name: 'station-profile', version: PLATFORM_VERSION },
            input: { threshold: policy.disclosure.threshold },
            dataVersion: profile.dataVersion,
            shown: meta,
            outcome: 'shown',
          });
          const { id } = await new HubClient(reg.hubUrl, { token: reg.token }).publishDataset(meta);
          console.log(`published dataset ${id}`);
        } finally {
          await store.close();
        }
      },
    );

  station
    .command('permits')
    .description("Permits waiting for this station's steward (manual approval mode)")
    .requiredOption('--dir <dir>', 'station folder')
    .option('--json', 'print JSON')
    .action(async (opts: { dir: string; json?: boolean }) => {
      const st = await openStation(opts.dir);
      const waiting = permitsAwaitingApproval(
        await loadPolicy(st.dir),
        new PendingPermits(join(st.dir, PENDING_PERMITS_FILE)).list(),
      );
      if (opts.json)
        return void console.log(
          JSON.stringify(
            waiting.map((w) => w.permit),
            null,
            2,
          ),
        );
      if (waiting.length === 0) return void console.log('no permits waiting for approval');
      for (const { permit: p, state } of waiting) {
        const changed = state === 'changed-since-approval' ? '  (changed since it was approved)' : '';
        console.log(
          `${p.id}  ${p.purpose}  "${p.title}"  holder ${p.holder}  until ${p.expiresAt}${changed}`,
        );
        console.log(
          `    algorithms: ${p.algorithms.map((a) => `${a.name}@${a.version}`).join(', ')}; budget ${p.queryBudget} runs`,
        );
      }
    });

  station
    .command('approve')
    .description("Approve a waiting permit at this station (pins the permit's exact content)")
    .requiredOption('--dir <dir>', 'station folder')
    .requiredOption('--by <name>', 'who approves (recorded in the policy and the audit log)')
    .argument('<permitId>', 'the permit to approve')
    .action(async (permitId: string, opts: { dir: string; by: string }) => {
      const st = await openStation(opts.dir);
      const pending = new PendingPermits(join(st.dir, PENDING_PERMITS_FILE));
      const permit = pending.get(permitId);
      if (!permit)
        throw notFound('no such permit waiting for approval (see `ai4h station permits`)', permitId);
      await savePolicy(st.dir, approvePermit(await loadPolicy(st.dir), permit, opts.by, new Date()));
      pending.remove(permitId);
      await appendStationAudit(st.dir, { actor: `steward:${opts.by}`, action: 'permit.approved', permitId });
      console.log(`permit ${permitId} approved at ${st.config.name}`);
    });
  return station;
}
