'use strict'
// Endpoints of Better Auth's organization plugin (organizations, members, invitations, teams)
// → events. What a display reads but the response lacks (the organization's name, a member's
// name) is read from Better Auth's database by id; what the endpoint destroys or changes (a
// team's name, a member's old role) was read by a before hook (`BEFORE_READS`), as was the
// acting session (the organization endpoints leave none on the context).
const { bodyOf, failureOf } = require('../outcome')
const { succeeded, failed, findById } = require('./emissions')

const body = (ctx) => ctx.body ?? {}
const actor = (ctx, facts) => facts.actor ?? ctx.context.session ?? null

/** Fields common to every organization event: the acting user and session, the organization. */
function scope(ctx, facts, organizationId) {
  const session = actor(ctx, facts)
  return {
    userId: session?.user.id,
    sessionId: session?.session.id,
    organizationId: organizationId ?? body(ctx).organizationId ?? session?.session.activeOrganizationId ?? undefined,
  }
}

async function organizationName(ctx, organizationId) {
  return (await findById(ctx, 'organization', organizationId))?.name
}

/** The failure event of `type`, or null when the endpoint succeeded. */
function failureEvent(ctx, facts, type, metadata) {
  const failure = failureOf(ctx)
  return failure ? [failed(type, failure.reason, { ...scope(ctx, facts), metadata })] : null
}

function organizationChanged(type) {
  return (ctx, facts) => {
    const failure = failureEvent(ctx, facts, type, { organizationName: body(ctx).data?.name ?? body(ctx).name })
    if (failure) return failure
    const organization = bodyOf(ctx)
    if (!organization?.id) return []
    const session = actor(ctx, facts)
    const metadata = {
      organizationName: organization.name,
      organizationSlug: organization.slug,
      email: session?.user.email,
      name: session?.user.name,
    }
    return [succeeded(type, { ...scope(ctx, facts, organization.id), metadata })]
  }
}

function invitationChanged(type, invitationOf) {
  return async (ctx, facts) => {
    const failure = failureEvent(ctx, facts, type, { invitationId: body(ctx).invitationId, email: body(ctx).email })
    if (failure) return failure
    const invitation = invitationOf(bodyOf(ctx))
    if (!invitation?.id) return []
    const metadata = {
      email: invitation.email,
      role: invitation.role,
      invitationId: invitation.id,
      teamId: invitation.teamId ?? undefined,
      organizationName: await organizationName(ctx, invitation.organizationId),
    }
    return [succeeded(type, { ...scope(ctx, facts, invitation.organizationId), metadata })]
  }
}

/** A member and the user behind it: `{ member, user }` (the user read when not embedded). */
async function memberWithUser(ctx, member) {
  return { member, user: member.user ?? (await findById(ctx, 'user', member.userId)) }
}

async function memberEvent(ctx, facts, type, member, nameKey, extra) {
  const { user } = await memberWithUser(ctx, member)
  const metadata = {
    [nameKey]: user?.name,
    memberId: member.id,
    memberUserId: member.userId,
    memberEmail: user?.email,
    role: member.role,
    organizationName: await organizationName(ctx, member.organizationId),
    ...extra,
  }
  return succeeded(type, { ...scope(ctx, facts, member.organizationId), metadata })
}

async function invitationAccepted(ctx, facts) {
  const accepted = await invitationChanged('invitation.accepted', (returned) => returned?.invitation)(ctx, facts)
  const member = bodyOf(ctx)?.member
  if (failureOf(ctx) || !member) return accepted
  return [...accepted, await memberEvent(ctx, facts, 'member.added', member, 'addedByName')]
}

function memberAdded(ctx, facts) {
  const failure = failureEvent(ctx, facts, 'member.added', { memberUserId: body(ctx).userId, role: body(ctx).role })
  if (failure) return failure
  const member = bodyOf(ctx)
  return member?.id ? Promise.all([memberEvent(ctx, facts, 'member.added', member, 'addedByName')]) : []
}

function memberRemoved(memberOf) {
  return async (ctx, facts) => {
    const failure = failureEvent(ctx, facts, 'member.removed', { memberIdOrEmail: body(ctx).memberIdOrEmail })
    if (failure) return failure
    const member = memberOf(bodyOf(ctx))
    return member?.id ? [await memberEvent(ctx, facts, 'member.removed', member, 'removedByName')] : []
  }
}

async function memberRoleChanged(ctx, facts) {
  const failure = failureEvent(ctx, facts, 'member.role_changed', {
    memberId: body(ctx).memberId,
    newRole: String(body(ctx).role),
  })
  if (failure) return failure
  const member = bodyOf(ctx)
  if (!member?.id) return []
  const oldRole = facts.before?.role
  return [
    await memberEvent(ctx, facts, 'member.role_changed', member, 'changedByName', { oldRole, newRole: member.role }),
  ]
}

function teamChanged(type) {
  return async (ctx, facts) => {
    const failure = failureEvent(ctx, facts, type, {
      teamId: body(ctx).teamId,
      teamName: body(ctx).data?.name ?? body(ctx).name,
    })
    if (failure) return failure
    const team = bodyOf(ctx)
    if (!team?.id) return []
    const metadata = {
      teamId: team.id,
      teamName: team.name,
      organizationName: await organizationName(ctx, team.organizationId),
    }
    return [succeeded(type, { ...scope(ctx, facts, team.organizationId), metadata })]
  }
}

async function teamRemoved(ctx, facts) {
  const team = facts.before
  const failure = failureEvent(ctx, facts, 'team.deleted', { teamId: body(ctx).teamId, teamName: team?.name })
  if (failure) return failure
  const metadata = {
    teamId: body(ctx).teamId,
    teamName: team?.name,
    organizationName: await organizationName(ctx, team?.organizationId),
  }
  return [succeeded('team.deleted', { ...scope(ctx, facts, team?.organizationId), metadata })]
}

function teamMembership(type, nameKey) {
  return async (ctx, facts) => {
    const { teamId, userId } = body(ctx)
    const failure = failureEvent(ctx, facts, type, { teamId, memberUserId: userId })
    if (failure) return failure
    const [team, user] = await Promise.all([findById(ctx, 'team', teamId), findById(ctx, 'user', userId)])
    const metadata = {
      [nameKey]: user?.name,
      memberUserId: userId,
      memberEmail: user?.email,
      teamId,
      teamName: team?.name,
    }
    return [succeeded(type, { ...scope(ctx, facts, team?.organizationId), metadata })]
  }
}

const ORGANIZATION_EVENTS = {
  '/organization/create': organizationChanged('organization.created'),
  '/organization/update': organizationChanged('organization.updated'),
  '/organization/delete': organizationChanged('organization.deleted'),
  '/organization/invite-member': invitationChanged('invitation.created', (returned) => returned),
  '/organization/accept-invitation': invitationAccepted,
  '/organization/reject-invitation': invitationChanged('invitation.rejected', (returned) => returned?.invitation),
  '/organization/cancel-invitation': invitationChanged('invitation.cancelled', (returned) => returned),
  // The server-only endpoint `auth.api.addMember` has no path: it is known by its operation id.
  addOrganizationMember: memberAdded,
  '/organization/remove-member': memberRemoved((returned) => returned?.member),
  '/organization/leave': memberRemoved((returned) => returned),
  '/organization/update-member-role': memberRoleChanged,
  '/organization/create-team': teamChanged('team.created'),
  '/organization/update-team': teamChanged('team.updated'),
  '/organization/remove-team': teamRemoved,
  '/organization/add-team-member': teamMembership('team.member.added', 'addedName'),
  '/organization/remove-team-member': teamMembership('team.member.removed', 'removedName'),
}

/** Records read before an endpoint changes them: path → (ctx) → [model, id]. */
const BEFORE_READS = {
  '/organization/update-member-role': (ctx) => ['member', body(ctx).memberId],
  '/organization/remove-team': (ctx) => ['team', body(ctx).teamId],
}

module.exports = { ORGANIZATION_EVENTS, BEFORE_READS }
