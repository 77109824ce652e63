import { describe, expect, it } from 'vitest';
import { chooseAccount, matchAccounts, mergeAccounts, type KnownAccount } from './account-choice';

const account = (over: Partial<KnownAccount> & Pick<KnownAccount, 'id'>): KnownAccount => ({
  name: 'Alex Rivera',
  username: 'alex@contoso.com',
  tenantId: over.id.split('.')[1] ?? '',
  tenantName: 'Contoso',
  cloud: 'public',
  source: 'app',
  remembered: true,
  inSessionCache: false,
  ...over,
});

const contoso = account({ id: 'a1b2c3d4-0000-0000-0000-000000000001.11111111-1111-1111-1111-111111111111' });
const fabrikam = account({ id: 'e5f6a7b8-0000-0000-0000-000000000002.22222222-2222-2222-2222-222222222222', username: 'alex_contoso.com#EXT#@fabrikam.onmicrosoft.com', tenantName: 'Fabrikam' });
const contosoToo = account({ id: 'c0ffee00-0000-0000-0000-000000000003.11111111-1111-1111-1111-111111111111', name: 'Sam Lee', username: 'sam@contoso.com' });

describe('matchAccounts', () => {
  it.each([
    ['the account id', contoso.id.toUpperCase(), [contoso]],
    ['an id prefix', 'E5F6', [fabrikam]],
    ['the user name', 'Sam@Contoso.com', [contosoToo]],
    ['the tenant name', 'fabrikam', [fabrikam]],
    ['the tenant id', '22222222-2222-2222-2222-222222222222', [fabrikam]],
    ['the domain of the user name', 'fabrikam.onmicrosoft.com', [fabrikam]],
    ['a tenant two accounts share', 'contoso', [contoso, contosoToo]],
    ['nothing', 'northwind', []],
    ['blank', '  ', []],
  ])('by %s', (_label, query, expected) => {
    expect(matchAccounts([contoso, fabrikam, contosoToo], query)).toEqual(expected);
  });

  it('an exact match wins over an id prefix of another account', () => {
    const oddlyNamed = account({ id: 'fabrikam0-0000-0000-0000-000000000009.33333333-3333-3333-3333-333333333333', tenantName: 'Northwind' });
    expect(matchAccounts([oddlyNamed, fabrikam], 'fabrikam')).toEqual([fabrikam]);
  });
});

describe('chooseAccount', () => {
  it('--account picks the one it names, else says none or which', () => {
    expect(chooseAccount([contoso, fabrikam], 'fabrikam', contoso.id)).toEqual({ kind: 'chosen', account: fabrikam, by: 'option' });
    expect(chooseAccount([contoso, fabrikam], 'northwind', null)).toMatchObject({ kind: 'no-match', query: 'northwind' });
    expect(chooseAccount([contoso, fabrikam, contosoToo], 'contoso', null)).toEqual({ kind: 'ambiguous', query: 'contoso', matches: [contoso, contosoToo] });
  });

  it('without --account: the only account, else the default, else several', () => {
    expect(chooseAccount([], null, null)).toEqual({ kind: 'no-accounts' });
    expect(chooseAccount([fabrikam], null, null)).toEqual({ kind: 'chosen', account: fabrikam, by: 'only' });
    expect(chooseAccount([contoso, fabrikam], null, 'Fabrikam')).toEqual({ kind: 'chosen', account: fabrikam, by: 'default' });
    expect(chooseAccount([contoso, fabrikam], null, null)).toEqual({ kind: 'several', accounts: [contoso, fabrikam], defaultProblem: null });
    expect(chooseAccount([contoso, fabrikam], null, 'northwind')).toMatchObject({ kind: 'several', defaultProblem: 'names no account here' });
    expect(chooseAccount([contoso, fabrikam, contosoToo], null, 'contoso')).toMatchObject({ kind: 'several', defaultProblem: 'names 2 accounts' });
  });

  it('a demo account is never the default (the CLI cannot sign in to the demo world), but --account may name it', () => {
    const demo = { ...fabrikam, source: 'demo' as const };
    expect(chooseAccount([demo, contoso], null, null)).toEqual({ kind: 'chosen', account: contoso, by: 'only' });
    expect(chooseAccount([demo], null, null)).toEqual({ kind: 'no-accounts' });
    expect(chooseAccount([demo, contoso, contosoToo], null, 'fabrikam')).toMatchObject({ kind: 'several', accounts: [contoso, contosoToo], defaultProblem: 'names no account here' });
    expect(chooseAccount([demo, contoso], 'fabrikam', null)).toEqual({ kind: 'chosen', account: demo, by: 'option' });
  });
});

it('mergeAccounts keeps each id once, the first listing first, and both marks', () => {
  const cached = { ...contoso, name: 'from the cache', remembered: false, inSessionCache: true };
  expect(mergeAccounts([contoso, fabrikam], [cached])).toEqual([{ ...contoso, inSessionCache: true }, fabrikam]);
});
