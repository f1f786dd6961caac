import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AdminAddUserToGroupCommand,
  AdminDeleteUserCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  CreateGroupCommand,
  DeleteGroupCommand,
  GetGroupCommand,
  GetTokensFromRefreshTokenCommand,
  InitiateAuthCommand,
  ListGroupsCommand,
  ListUsersInGroupCommand,
  UpdateGroupCommand,
  paginateListGroups,
  paginateListUsersInGroup,
} from '@aws-sdk/client-cognito-identity-provider';
import { rejectsWith, startTestServer, type TestServer } from '../helpers/server.js';
import { addUser, createClient, createPool, PASSWORD, tokensFor, verifierFor } from '../helpers/fixtures.js';

const ROLE = (n: string) => `arn:aws:iam::123456789012:role/${n}`;

/** Issue 15 "Groups": the nine operations through SDK v3, and the claims in tokens verified with aws-jwt-verify. */
describe('groups', () => {
  let s: TestServer;
  let poolId: string;
  let clientId: string;
  before(async () => {
    s = await startTestServer();
    poolId = await createPool(s);
    ({ clientId } = await createClient(s, poolId));
    for (const u of ['alice', 'bob', 'carol']) await addUser(s, poolId, u, PASSWORD, { attributes: { email: `${u}@example.com` } });
  });
  after(async () => s.stop());

  const send = <T>(cmd: any): Promise<T> => s.client.send(cmd) as Promise<T>;

  it('CreateGroup returns the group as GetGroup does; omitted settings stay absent', async () => {
    const before = Math.floor(s.clock.now() / 1000);
    const { Group } = await s.client.send(
      new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'Editors', Description: 'edit', RoleArn: ROLE('editor'), Precedence: 3 }),
    );
    assert.deepEqual({ ...Group, CreationDate: undefined, LastModifiedDate: undefined }, {
      GroupName: 'Editors', UserPoolId: poolId, Description: 'edit', RoleArn: ROLE('editor'), Precedence: 3, CreationDate: undefined, LastModifiedDate: undefined,
    });
    assert.equal(Math.floor(Group!.CreationDate!.getTime() / 1000), before);
    const got = await s.client.send(new GetGroupCommand({ UserPoolId: poolId, GroupName: 'Editors' }));
    assert.deepEqual(got.Group, Group);
    const bare = await s.client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'bare-group' }));
    assert.deepEqual(Object.keys(bare.Group!).sort(), ['CreationDate', 'GroupName', 'LastModifiedDate', 'UserPoolId']);
    await s.client.send(new DeleteGroupCommand({ UserPoolId: poolId, GroupName: 'bare-group' }));
  });

  it('a second group of the same name, in any case, is GroupExistsException; names are found without regard to case', async () => {
    await s.client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'Twice' }));
    await rejectsWith(s.client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'Twice' })), 'GroupExistsException', 'A group with the name already exists.');
    await rejectsWith(s.client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'TWICE' })), 'GroupExistsException', 'A group with the name already exists.');
    const { Group } = await s.client.send(new GetGroupCommand({ UserPoolId: poolId, GroupName: 'twice' }));
    assert.equal(Group!.GroupName, 'Twice');
    await s.client.send(new DeleteGroupCommand({ UserPoolId: poolId, GroupName: 'twice' }));
  });

  it("validation: the model's name pattern and lengths, RoleArn pattern, Precedence ≥ 0, Limit ≤ 60", async () => {
    await rejectsWith(s.client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'has space' })), 'InvalidParameterException', /groupName.*Member must satisfy regular expression pattern/);
    await rejectsWith(s.client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'x'.repeat(129) })), 'InvalidParameterException', /Member must have length less than or equal to 128/);
    await rejectsWith(s.client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'g', RoleArn: 'not-an-arn-at-all-really' })), 'InvalidParameterException', /roleArn.*Member must satisfy regular expression pattern/);
    await rejectsWith(s.client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'g', Precedence: -1 })), 'InvalidParameterException', /precedence.*Member must have value greater than or equal to 0/);
    await rejectsWith(s.client.send(new ListGroupsCommand({ UserPoolId: poolId, Limit: 61 })), 'InvalidParameterException', /limit.*Member must have value less than or equal to 60/);
    // Unicode letters, marks, symbols, digits and punctuation are all allowed.
    const { Group } = await s.client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'ünï-cödé_€+1.', Precedence: 2 ** 31 - 1 }));
    assert.equal(Group!.Precedence, 2 ** 31 - 1);
    await s.client.send(new DeleteGroupCommand({ UserPoolId: poolId, GroupName: 'ünï-cödé_€+1.' }));
  });

  it('missing pool, group or user: ResourceNotFoundException / UserNotFoundException with Cognito\'s messages', async () => {
    const noPool = 'us-east-1_nopool000';
    await rejectsWith(s.client.send(new CreateGroupCommand({ UserPoolId: noPool, GroupName: 'g' })), 'ResourceNotFoundException', `User pool ${noPool} does not exist.`);
    await rejectsWith(s.client.send(new ListGroupsCommand({ UserPoolId: noPool })), 'ResourceNotFoundException', `User pool ${noPool} does not exist.`);
    for (const cmd of [
      new GetGroupCommand({ UserPoolId: poolId, GroupName: 'nope' }),
      new UpdateGroupCommand({ UserPoolId: poolId, GroupName: 'nope', Description: 'x' }),
      new DeleteGroupCommand({ UserPoolId: poolId, GroupName: 'nope' }),
      new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: 'nope' }),
      new AdminAddUserToGroupCommand({ UserPoolId: poolId, GroupName: 'nope', Username: 'alice' }),
      new AdminRemoveUserFromGroupCommand({ UserPoolId: poolId, GroupName: 'nope', Username: 'alice' }),
    ]) {
      await rejectsWith(send(cmd), 'ResourceNotFoundException', 'Group not found.');
    }
    await s.client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'exists' }));
    for (const cmd of [
      new AdminAddUserToGroupCommand({ UserPoolId: poolId, GroupName: 'exists', Username: 'ghost' }),
      new AdminRemoveUserFromGroupCommand({ UserPoolId: poolId, GroupName: 'exists', Username: 'ghost' }),
      new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: 'ghost' }),
    ]) {
      await rejectsWith(send(cmd), 'UserNotFoundException', 'User does not exist.');
    }
    await s.client.send(new DeleteGroupCommand({ UserPoolId: poolId, GroupName: 'exists' }));
  });

  it('UpdateGroup changes the settings given and keeps the others; LastModifiedDate moves', async () => {
    const created = (await s.client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'upd', Description: 'd1', RoleArn: ROLE('r1'), Precedence: 1 }))).Group!;
    s.clock.advance(5_000);
    const { Group } = await s.client.send(new UpdateGroupCommand({ UserPoolId: poolId, GroupName: 'upd', Precedence: 7 }));
    assert.equal(Group!.Precedence, 7);
    assert.equal(Group!.Description, 'd1');
    assert.equal(Group!.RoleArn, ROLE('r1'));
    assert.equal(Group!.CreationDate!.getTime(), created.CreationDate!.getTime());
    assert.equal(Group!.LastModifiedDate!.getTime() - created.LastModifiedDate!.getTime(), 5_000);
    assert.deepEqual((await s.client.send(new GetGroupCommand({ UserPoolId: poolId, GroupName: 'upd' }))).Group, Group);
    await s.client.send(new DeleteGroupCommand({ UserPoolId: poolId, GroupName: 'upd' }));
  });

  it('ListGroups pages through every group in name order with NextToken (the SDK paginator too)', async () => {
    const pool2 = await createPool(s);
    const names = Array.from({ length: 7 }, (_, i) => `g${i}`);
    for (const n of [...names].reverse()) await s.client.send(new CreateGroupCommand({ UserPoolId: pool2, GroupName: n }));
    const first = await s.client.send(new ListGroupsCommand({ UserPoolId: pool2, Limit: 3 }));
    assert.deepEqual(first.Groups!.map((g) => g.GroupName), ['g0', 'g1', 'g2']);
    assert.ok(first.NextToken);
    const seen: string[] = [];
    for await (const page of paginateListGroups({ client: s.client, pageSize: 3 }, { UserPoolId: pool2 })) seen.push(...page.Groups!.map((g) => g.GroupName!));
    assert.deepEqual(seen, names);
    const all = await s.client.send(new ListGroupsCommand({ UserPoolId: pool2 }));
    assert.equal(all.Groups!.length, 7);
    assert.equal(all.NextToken, undefined);
    await rejectsWith(s.client.send(new ListGroupsCommand({ UserPoolId: pool2, NextToken: 'bogus' })), 'InvalidParameterException', 'Invalid pagination token.');
  });

  it('membership: add (twice is fine), list both ways with paging, remove; ListUsersInGroup gives UserType', async () => {
    await s.client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'team' }));
    await s.client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'other' }));
    for (const u of ['carol', 'alice', 'bob']) await s.client.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, GroupName: 'team', Username: u }));
    await s.client.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, GroupName: 'TEAM', Username: 'alice' }));
    await s.client.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, GroupName: 'other', Username: 'alice' }));

    const users: string[] = [];
    for await (const page of paginateListUsersInGroup({ client: s.client, pageSize: 2 }, { UserPoolId: poolId, GroupName: 'team' })) {
      users.push(...page.Users!.map((u) => u.Username!));
    }
    assert.deepEqual(users, ['alice', 'bob', 'carol']);
    const { Users } = await s.client.send(new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: 'team', Limit: 1 }));
    assert.equal(Users![0]!.UserStatus, 'CONFIRMED');
    assert.equal(Users![0]!.Enabled, true);
    assert.deepEqual(Users![0]!.Attributes!.find((a) => a.Name === 'email'), { Name: 'email', Value: 'alice@example.com' });

    const groups = await s.client.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: 'alice', Limit: 1 }));
    assert.deepEqual(groups.Groups!.map((g) => g.GroupName), ['other']);
    const rest = await s.client.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: 'alice', NextToken: groups.NextToken }));
    assert.deepEqual(rest.Groups!.map((g) => g.GroupName), ['team']);
    assert.equal(rest.NextToken, undefined);

    await s.client.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: poolId, GroupName: 'team', Username: 'bob' }));
    await s.client.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: poolId, GroupName: 'team', Username: 'bob' }));
    const after = await s.client.send(new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: 'team' }));
    assert.deepEqual(after.Users!.map((u) => u.Username), ['alice', 'carol']);
    for (const g of ['team', 'other']) await s.client.send(new DeleteGroupCommand({ UserPoolId: poolId, GroupName: g }));
  });

  it('deleting a group removes its memberships; deleting a user removes theirs', async () => {
    await addUser(s, poolId, 'dave');
    await s.client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'doomed' }));
    await s.client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'stays' }));
    for (const g of ['doomed', 'stays']) {
      for (const u of ['dave', 'carol']) await s.client.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, GroupName: g, Username: u }));
    }
    await s.client.send(new DeleteGroupCommand({ UserPoolId: poolId, GroupName: 'doomed' }));
    assert.deepEqual((await s.client.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: 'carol' }))).Groups!.map((g) => g.GroupName), ['stays']);
    await s.client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'doomed' }));
    assert.deepEqual((await s.client.send(new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: 'doomed' }))).Users, []);

    await s.client.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: 'dave' }));
    assert.deepEqual((await s.client.send(new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: 'stays' }))).Users!.map((u) => u.Username), ['carol']);
    // A new user of the same name is in no group.
    await addUser(s, poolId, 'dave');
    assert.deepEqual((await s.client.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: 'dave' }))).Groups, []);
    for (const g of ['doomed', 'stays']) await s.client.send(new DeleteGroupCommand({ UserPoolId: poolId, GroupName: g }));
  });

  it('a user can be in at most 100 groups (InvalidParameterException: AdminAddUserToGroup models no LimitExceededException); adding to a group they are in still succeeds', async () => {
    const pool3 = await createPool(s);
    await addUser(s, pool3, 'many');
    for (let i = 0; i < 100; i++) {
      await s.client.send(new CreateGroupCommand({ UserPoolId: pool3, GroupName: `m${String(i).padStart(3, '0')}` }));
      await s.client.send(new AdminAddUserToGroupCommand({ UserPoolId: pool3, GroupName: `m${String(i).padStart(3, '0')}`, Username: 'many' }));
    }
    await s.client.send(new CreateGroupCommand({ UserPoolId: pool3, GroupName: 'one-too-many' }));
    await rejectsWith(
      s.client.send(new AdminAddUserToGroupCommand({ UserPoolId: pool3, GroupName: 'one-too-many', Username: 'many' })),
      'InvalidParameterException',
      'A user can be a member of at most 100 groups.',
    );
    await s.client.send(new AdminAddUserToGroupCommand({ UserPoolId: pool3, GroupName: 'm050', Username: 'many' }));
  });

  describe('token claims', () => {
    it('cognito:groups in the ID and access tokens, cognito:roles and cognito:preferred_role (lowest Precedence) in the ID token only', async () => {
      await s.client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'readers', RoleArn: ROLE('reader'), Precedence: 10 }));
      await s.client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'admins', RoleArn: ROLE('admin'), Precedence: 1 }));
      await s.client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'norole', Precedence: 0 }));
      for (const g of ['readers', 'admins', 'norole']) await s.client.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, GroupName: g, Username: 'alice' }));
      const t = await tokensFor(s, clientId, 'alice');
      const access = await verifierFor(s, poolId, 'access', clientId).verify(t.AccessToken);
      const id = await verifierFor(s, poolId, 'id', clientId).verify(t.IdToken);
      assert.deepEqual(access['cognito:groups'], ['admins', 'norole', 'readers']);
      assert.deepEqual(id['cognito:groups'], ['admins', 'norole', 'readers']);
      assert.deepEqual(new Set(id['cognito:roles'] as string[]), new Set([ROLE('reader'), ROLE('admin')]));
      assert.equal(id['cognito:preferred_role'], ROLE('admin'));
      assert.equal(access['cognito:roles'], undefined);
      assert.equal(access['cognito:preferred_role'], undefined);
      // A user in no group has none of the claims.
      const b = await tokensFor(s, clientId, 'bob');
      const bid = await verifierFor(s, poolId, 'id', clientId).verify(b.IdToken);
      const bac = await verifierFor(s, poolId, 'access', clientId).verify(b.AccessToken);
      for (const claim of ['cognito:groups', 'cognito:roles', 'cognito:preferred_role']) {
        assert.equal(bid[claim], undefined, claim);
        assert.equal(bac[claim], undefined, claim);
      }
      for (const g of ['readers', 'admins', 'norole']) await s.client.send(new DeleteGroupCommand({ UserPoolId: poolId, GroupName: g }));
    });

    it('preferred role: equal Precedence with different roles leaves it out; with the same role keeps it; no Precedence ranks last', async () => {
      const claimsOf = async (user: string) => verifierFor(s, poolId, 'id', clientId).verify((await tokensFor(s, clientId, user)).IdToken);
      await addUser(s, poolId, 'tie');
      await s.client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'tie-a', RoleArn: ROLE('a'), Precedence: 2 }));
      await s.client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'tie-b', RoleArn: ROLE('b'), Precedence: 2 }));
      for (const g of ['tie-a', 'tie-b']) await s.client.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, GroupName: g, Username: 'tie' }));
      let id = await claimsOf('tie');
      assert.equal(id['cognito:preferred_role'], undefined);
      assert.equal((id['cognito:roles'] as string[]).length, 2);
      await s.client.send(new UpdateGroupCommand({ UserPoolId: poolId, GroupName: 'tie-b', RoleArn: ROLE('a') }));
      id = await claimsOf('tie');
      assert.equal(id['cognito:preferred_role'], ROLE('a'));
      assert.deepEqual(id['cognito:roles'], [ROLE('a')]);
      await s.client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'unranked', RoleArn: ROLE('u') }));
      await s.client.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, GroupName: 'unranked', Username: 'tie' }));
      assert.equal((await claimsOf('tie'))['cognito:preferred_role'], ROLE('a'));
      for (const g of ['tie-a', 'tie-b']) await s.client.send(new DeleteGroupCommand({ UserPoolId: poolId, GroupName: g }));
      assert.equal((await claimsOf('tie'))['cognito:preferred_role'], ROLE('u'), 'a group without Precedence still gives the role when it is the only one');
      await s.client.send(new DeleteGroupCommand({ UserPoolId: poolId, GroupName: 'unranked' }));
    });

    it('membership is read again at refresh: added and removed groups show in the refreshed tokens', async () => {
      await s.client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'later' }));
      const first = await tokensFor(s, clientId, 'carol');
      assert.equal((await verifierFor(s, poolId, 'access', clientId).verify(first.AccessToken))['cognito:groups'], undefined);
      await s.client.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, GroupName: 'later', Username: 'carol' }));
      const refreshed = await s.client.send(
        new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: clientId, AuthParameters: { REFRESH_TOKEN: first.RefreshToken } }),
      );
      const a = await verifierFor(s, poolId, 'access', clientId).verify(refreshed.AuthenticationResult!.AccessToken!);
      const i = await verifierFor(s, poolId, 'id', clientId).verify(refreshed.AuthenticationResult!.IdToken!);
      assert.deepEqual(a['cognito:groups'], ['later']);
      assert.deepEqual(i['cognito:groups'], ['later']);
      await s.client.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: poolId, GroupName: 'later', Username: 'carol' }));
      const again = await s.client.send(new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken: first.RefreshToken }));
      assert.equal((await verifierFor(s, poolId, 'access', clientId).verify(again.AuthenticationResult!.AccessToken!))['cognito:groups'], undefined);
      await s.client.send(new DeleteGroupCommand({ UserPoolId: poolId, GroupName: 'later' }));
    });
  });
});
