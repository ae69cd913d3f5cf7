'use strict'
// The Better Auth plugin with Better Auth's organization plugin: organizations, invitations,
// members and teams, each event read back from the SQLite event store.
const { test, after } = require('node:test')
const assert = require('node:assert/strict')
const Database = require('./helpers/better-sqlite3')
const { organization } = require('better-auth/plugins/organization')
const { authIngest } = require('auth-ingest/better-auth')
const { shutdownEventIngestion } = require('..')
const { createApp } = require('./helpers/better-auth-app')
const { storedEvents, assertEvent } = require('./helpers/stored-events')
const { tempFile } = require('./helpers/temp')

after(() => shutdownEventIngestion())

test('organization, invitations, members and teams: each change is one event with its names', async () => {
  const app = await createApp({
    database: new Database(tempFile('auth.db')),
    plugins: [
      organization({ teams: { enabled: true }, sendInvitationEmail: async () => {} }),
      authIngest({ enabled: true, clientType: 'sqlite', client: tempFile('events.db') }),
    ],
  })
  const owner = app.client({ userAgent: 'owner-browser', forwardedFor: '192.0.2.10' })
  const bob = app.client({ userAgent: 'bob-browser', forwardedFor: '192.0.2.11' })
  const carol = app.client({ userAgent: 'carol-browser', forwardedFor: '192.0.2.12' })
  const ownerId = (await owner.signUp('olga@example.com', 'Olga Owner')).body.user.id
  const bobId = (await bob.signUp('bob@example.com', 'Bob Member')).body.user.id
  await carol.signUp('carol@example.com', 'Carol Declines')
  const ownerSession = await app.auth.api.getSession({ headers: new Headers({ cookie: owner.cookieHeader }) })
  const start = (await storedEvents()).length
  const ok = async (client, path, body) => {
    const response = await client.send(path, { body })
    assert.equal(response.status, 200, `${path}: ${JSON.stringify(response.body)}`)
    return response.body
  }

  const org = await ok(owner, '/organization/create', { name: 'Acme', slug: 'acme' })
  const organizationId = org.id
  const duplicate = await owner.send('/organization/create', { body: { name: 'Acme again', slug: 'acme' } })
  assert.equal(duplicate.status, 400)
  await ok(owner, '/organization/update', { organizationId, data: { name: 'Acme Corp' } })
  const invitation = await ok(owner, '/organization/invite-member', {
    email: 'bob@example.com',
    role: 'admin',
    organizationId,
  })
  await ok(bob, '/organization/accept-invitation', { invitationId: invitation.id })
  const toCarol = await ok(owner, '/organization/invite-member', {
    email: 'carol@example.com',
    role: 'member',
    organizationId,
  })
  await ok(carol, '/organization/reject-invitation', { invitationId: toCarol.id })
  const toDan = await ok(owner, '/organization/invite-member', {
    email: 'dan@example.com',
    role: 'member',
    organizationId,
  })
  await ok(owner, '/organization/cancel-invitation', { invitationId: toDan.id })
  const members = await ok(owner, `/organization/list-members?organizationId=${organizationId}`)
  const bobMember = members.members.find((member) => member.userId === bobId)
  await ok(owner, '/organization/update-member-role', { memberId: bobMember.id, role: 'member', organizationId })
  const team = await ok(owner, '/organization/create-team', { name: 'Core', organizationId })
  await ok(owner, '/organization/update-team', { teamId: team.id, data: { name: 'Core Platform' } })
  await ok(owner, '/organization/add-team-member', { teamId: team.id, userId: bobId })
  await ok(owner, '/organization/remove-team-member', { teamId: team.id, userId: bobId })
  await ok(owner, '/organization/remove-team', { teamId: team.id, organizationId })
  await ok(owner, '/organization/remove-member', { memberIdOrEmail: 'bob@example.com', organizationId })
  await ok(owner, '/organization/delete', { organizationId })

  const events = (await storedEvents()).slice(start)
  assert.deepEqual(
    events.map((e) => e.type),
    [
      'organization.created',
      'organization.created',
      'organization.updated',
      'invitation.created',
      'invitation.accepted',
      'member.added',
      'invitation.created',
      'invitation.rejected',
      'invitation.created',
      'invitation.cancelled',
      'member.role_changed',
      'team.created',
      'team.updated',
      'team.member.added',
      'team.member.removed',
      'team.deleted',
      'member.removed',
      'organization.deleted',
    ],
  )
  const byOwner = {
    userId: ownerId,
    sessionId: ownerSession.session.id,
    organizationId,
    ipAddress: '192.0.2.10',
    userAgent: 'owner-browser',
  }
  const [
    created,
    refused,
    updated,
    invited,
    accepted,
    added,
    ,
    rejected,
    ,
    cancelled,
    roleChanged,
    teamCreated,
    teamUpdated,
    teamAdded,
    teamRemoved,
    teamDeleted,
    removed,
    deleted,
  ] = events
  assertEvent(created, {
    type: 'organization.created',
    ...byOwner,
    metadata: { organizationName: 'Acme', organizationSlug: 'acme' },
    message: 'New organization "Acme" created by Olga',
  })
  assertEvent(refused, {
    type: 'organization.created',
    status: 'failed',
    userId: ownerId,
    metadata: { organizationName: 'Acme again', reason: 'organization_already_exists' },
    message: 'Failed to create organization "Acme again"',
  })
  assertEvent(updated, {
    type: 'organization.updated',
    ...byOwner,
    metadata: { organizationName: 'Acme Corp' },
    message: 'Organization "Acme Corp" updated',
  })
  assertEvent(invited, {
    type: 'invitation.created',
    ...byOwner,
    metadata: { email: 'bob@example.com', role: 'admin', invitationId: invitation.id, organizationName: 'Acme Corp' },
    message: 'Invitation sent to bob@example.com to join Acme Corp as admin',
  })
  const byBob = { userId: bobId, organizationId, ipAddress: '192.0.2.11', userAgent: 'bob-browser' }
  assertEvent(accepted, {
    type: 'invitation.accepted',
    ...byBob,
    metadata: { email: 'bob@example.com' },
    message: 'bob@example.com accepted invitation to join Acme Corp',
  })
  assertEvent(added, {
    type: 'member.added',
    ...byBob,
    metadata: { addedByName: 'Bob Member', memberUserId: bobId, role: 'admin' },
    message: 'Bob Member added to Acme Corp',
  })
  assertEvent(rejected, {
    type: 'invitation.rejected',
    organizationId,
    metadata: { email: 'carol@example.com' },
    message: 'carol@example.com rejected invitation to join Acme Corp',
    userAgent: 'carol-browser',
  })
  assertEvent(cancelled, {
    type: 'invitation.cancelled',
    ...byOwner,
    metadata: { email: 'dan@example.com' },
    message: 'Invitation cancelled for dan@example.com to join Acme Corp',
  })
  assertEvent(roleChanged, {
    type: 'member.role_changed',
    ...byOwner,
    metadata: { changedByName: 'Bob Member', oldRole: 'admin', newRole: 'member', memberUserId: bobId },
    message: 'Bob Member role changed from admin to member',
  })
  assertEvent(teamCreated, {
    type: 'team.created',
    ...byOwner,
    metadata: { teamId: team.id, teamName: 'Core' },
    message: 'Team "Core" created in Acme Corp',
  })
  assertEvent(teamUpdated, {
    type: 'team.updated',
    ...byOwner,
    metadata: { teamName: 'Core Platform' },
    message: 'Team "Core Platform" updated in Acme Corp',
  })
  assertEvent(teamAdded, {
    type: 'team.member.added',
    ...byOwner,
    metadata: { addedName: 'Bob Member', memberUserId: bobId },
    message: 'Bob Member added to team "Core Platform"',
  })
  assertEvent(teamRemoved, {
    type: 'team.member.removed',
    ...byOwner,
    metadata: { removedName: 'Bob Member' },
    message: 'Bob Member removed from team "Core Platform"',
  })
  assertEvent(teamDeleted, {
    type: 'team.deleted',
    ...byOwner,
    metadata: { teamId: team.id, teamName: 'Core Platform' },
    message: 'Team "Core Platform" deleted from Acme Corp',
  })
  assertEvent(removed, {
    type: 'member.removed',
    ...byOwner,
    metadata: { removedByName: 'Bob Member', memberUserId: bobId },
    message: 'Bob Member removed from Acme Corp',
  })
  assertEvent(deleted, {
    type: 'organization.deleted',
    ...byOwner,
    metadata: { organizationName: 'Acme Corp' },
    message: 'Organization "Acme Corp" deleted',
  })
})

test('a member added by the server (auth.api.addMember, no path): member.added', async () => {
  await shutdownEventIngestion()
  const app = await createApp({
    database: new Database(tempFile('auth.db')),
    plugins: [organization(), authIngest({ enabled: true, clientType: 'sqlite', client: tempFile('events.db') })],
  })
  const owner = app.client()
  await owner.signUp('zoe@example.com', 'Zoe Owner')
  const newcomerId = (await app.client().signUp('yan@example.com', 'Yan Newcomer')).body.user.id
  const org = (await owner.send('/organization/create', { body: { name: 'Backend Inc', slug: 'backend' } })).body
  const start = (await storedEvents()).length
  const member = await app.auth.api.addMember({ body: { userId: newcomerId, role: 'member', organizationId: org.id } })
  const events = (await storedEvents()).slice(start)
  assert.equal(events.length, 1)
  assertEvent(events[0], {
    type: 'member.added',
    userId: undefined,
    organizationId: org.id,
    metadata: {
      addedByName: 'Yan Newcomer',
      memberId: member.id,
      memberUserId: newcomerId,
      memberEmail: 'yan@example.com',
      role: 'member',
      organizationName: 'Backend Inc',
    },
    message: 'Yan Newcomer added to Backend Inc',
    ipAddress: undefined,
    userAgent: undefined,
  })
})
