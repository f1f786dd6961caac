import type { TermsType } from '@aws-sdk/client-cognito-identity-provider';
import { randomUuid } from '../../platform/random.js';
import type { Deps } from '../deps.js';
import { CognitoError, invalidParameter, resourceNotFound } from '../errors.js';
import { decodePageToken, page, type Page, type PageRequest } from '../pagination.js';
import { PoolRecords } from '../pool-records.js';

/**
 * Terms documents (CreateTerms … DeleteTerms): per app client, one `terms-of-use` and one `privacy-policy` document
 * (TermsName allows only those two), each a map of managed-login languages to URLs. Stored for the hosted pages,
 * which show them on sign-up once both kinds exist (CreateTerms documentation).
 * https://docs.aws.amazon.com/cognito/latest/developerguide/managed-login-terms-documents.html
 */
export interface TermsRecord {
  termsId: string;
  clientId: string;
  termsName: string;
  termsSource: string;
  enforcement: string;
  links: Record<string, string>;
  createdAt: number;
  updatedAt: number;
}

const records = new PoolRecords<TermsRecord>('terms');
const TERMS_PAGE_DEFAULT = 60;

export function describeTerms(poolId: string, t: TermsRecord): TermsType {
  return {
    TermsId: t.termsId,
    UserPoolId: poolId,
    ClientId: t.clientId,
    TermsName: t.termsName,
    TermsSource: t.termsSource as TermsType['TermsSource'],
    Enforcement: t.enforcement as TermsType['Enforcement'],
    Links: t.links,
    CreationDate: new Date(t.createdAt),
    LastModifiedDate: new Date(t.updatedAt),
  };
}

export async function getTerms(deps: Pick<Deps, 'store' | 'clock'>, poolId: string, termsId: string): Promise<TermsRecord> {
  const t = await records.get(deps, poolId, termsId.toLowerCase());
  if (!t) throw resourceNotFound(`Terms ${termsId} does not exist.`);
  return t;
}

async function checkUnique(deps: Pick<Deps, 'store'>, poolId: string, clientId: string, termsName: string, except?: string): Promise<void> {
  const taken = (await records.list(deps, poolId)).some((r) => r.value.clientId === clientId && r.value.termsName === termsName && r.value.termsId !== except);
  if (taken) throw new CognitoError('TermsExistsException', `Terms ${termsName} already exist for app client ${clientId}.`);
}

function requireLinks(links: Record<string, string> | undefined): Record<string, string> {
  if (!links || Object.keys(links).length === 0) throw invalidParameter('Links are required for terms documents with TermsSource LINK.');
  return links;
}

export async function createTerms(
  deps: Pick<Deps, 'store' | 'clock' | 'random'>,
  poolId: string,
  input: { clientId: string; termsName: string; termsSource: string; enforcement: string; links?: Record<string, string> },
): Promise<TermsRecord> {
  const links = requireLinks(input.links);
  await checkUnique(deps, poolId, input.clientId, input.termsName);
  const now = deps.clock.now();
  const t: TermsRecord = {
    termsId: randomUuid(deps.random),
    clientId: input.clientId,
    termsName: input.termsName,
    termsSource: input.termsSource,
    enforcement: input.enforcement,
    links,
    createdAt: now,
    updatedAt: now,
  };
  await records.put(deps, poolId, t.termsId, t);
  return t;
}

/** UpdateTerms: members given replace the stored ones; the others stay. */
export async function updateTerms(
  deps: Pick<Deps, 'store' | 'clock'>,
  poolId: string,
  termsId: string,
  input: { termsName?: string; termsSource?: string; enforcement?: string; links?: Record<string, string> },
): Promise<TermsRecord> {
  const t = await getTerms(deps, poolId, termsId);
  if (input.termsName !== undefined && input.termsName !== t.termsName) await checkUnique(deps, poolId, t.clientId, input.termsName, t.termsId);
  const updated: TermsRecord = {
    ...t,
    termsName: input.termsName ?? t.termsName,
    termsSource: input.termsSource ?? t.termsSource,
    enforcement: input.enforcement ?? t.enforcement,
    links: input.links === undefined ? t.links : requireLinks(input.links),
    updatedAt: deps.clock.now(),
  };
  await records.put(deps, poolId, t.termsId, updated);
  return updated;
}

export async function deleteTerms(deps: Pick<Deps, 'store' | 'clock'>, poolId: string, termsId: string): Promise<void> {
  const t = await getTerms(deps, poolId, termsId);
  await records.delete(deps, poolId, t.termsId);
}

export async function listTerms(deps: Pick<Deps, 'store'>, poolId: string, { maxResults, token }: PageRequest): Promise<Page<TermsRecord>> {
  const after = decodePageToken('terms', token);
  const all = (await records.list(deps, poolId)).map((r) => r.value).filter((t) => after === undefined || t.termsId > after);
  return page(all, maxResults ?? TERMS_PAGE_DEFAULT, (t) => t.termsId, 'terms');
}

/** DeleteUserPoolClient: the client's terms documents go with it. */
export async function forgetClientTerms(deps: Pick<Deps, 'store'>, poolId: string, clientId: string): Promise<void> {
  await records.deleteWhere(deps, poolId, (t) => t.clientId !== clientId);
}
