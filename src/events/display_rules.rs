//! The per-type display rules (SPEC 1.4): one message template per status for each of the
//! 36 known event types, plus the rare severity that differs from the generic type rule.
//!
//! Template placeholders, filled in by `display::display_for`:
//! - `{key1,key2|Fallback}`: the first of the metadata keys holding a value, else `Fallback`;
//! - `{creator}`: ` by <first word of metadata.name>`, or nothing when there is no name.

use super::model::Severity;

pub struct Rule {
  pub event_type: &'static str,
  pub success: &'static str,
  pub failed: &'static str,
  /// Severity of a successful event when the generic type rule gets it wrong.
  pub success_severity: Option<Severity>,
}

const fn rule(event_type: &'static str, success: &'static str, failed: &'static str) -> Rule {
  Rule {
    event_type,
    success,
    failed,
    success_severity: None,
  }
}

pub static RULES: &[Rule] = &[
  rule(
    "invitation.accepted",
    "{email|user} accepted invitation to join {organizationName|organization}",
    r#"Failed to accept invitation for "{email|user}" to join "{organizationName|organization}""#,
  ),
  rule(
    "invitation.cancelled",
    "Invitation cancelled for {email|user} to join {organizationName|organization}",
    r#"Failed to cancel invitation for "{email|user}" to join "{organizationName|organization}""#,
  ),
  rule(
    "invitation.created",
    "Invitation sent to {email|user} to join {organizationName|organization} as {role|member}",
    r#"Failed to create invitation for "{email|user}" to join "{organizationName|organization}""#,
  ),
  rule(
    "invitation.rejected",
    "{email|user} rejected invitation to join {organizationName|organization}",
    r#"Failed to reject invitation for "{email|user}" to join "{organizationName|organization}""#,
  ),
  rule(
    "login.failed",
    "Failed login attempt for {email|User}",
    "Failed login attempt for {email|User}",
  ),
  rule(
    "member.added",
    "{addedByName|Member} added to {organizationName|organization}",
    r#"Failed to add member "{addedByName|Member}" to "{organizationName|organization}""#,
  ),
  rule(
    "member.removed",
    "{removedByName|Member} removed from {organizationName|organization}",
    r#"Failed to remove member "{removedByName|Member}" from "{organizationName|organization}""#,
  ),
  rule(
    "member.role_changed",
    "{changedByName|Member} role changed from {oldRole|member} to {newRole|member}",
    r#"Failed to change role of "{changedByName|Member}" from "{oldRole|member}" to "{newRole|member}""#,
  ),
  rule(
    "oauth.linked",
    "OAuth account linked: {provider|OAuth}",
    r#"Failed to link OAuth account "{provider|OAuth}""#,
  ),
  rule(
    "oauth.sign_in",
    "{name|User} signed in via {provider|OAuth}",
    r#"Failed to sign in via {provider|OAuth} for "{name|User}""#,
  ),
  rule(
    "oauth.unlinked",
    "OAuth account unlinked: {provider|OAuth}",
    r#"Failed to unlink OAuth account "{provider|OAuth}""#,
  ),
  rule(
    "organization.created",
    r#"New organization "{organizationName|Organization}" created{creator}"#,
    r#"Failed to create organization "{organizationName|Organization}""#,
  ),
  rule(
    "organization.deleted",
    r#"Organization "{organizationName|Organization}" deleted"#,
    r#"Failed to delete organization "{organizationName|Organization}""#,
  ),
  rule(
    "organization.updated",
    r#"Organization "{organizationName|Organization}" updated"#,
    r#"Failed to update organization "{organizationName|Organization}""#,
  ),
  rule(
    "password.reset_completed",
    "{name,email|Someone} reset their password",
    r#"Failed to complete password reset for "{name,email|Someone}""#,
  ),
  rule(
    "password.reset_completed_otp",
    "{name,email|Someone} reset their password via email OTP",
    r#"Failed to complete password reset via email OTP for "{name,email|Someone}""#,
  ),
  rule(
    "password.reset_requested",
    "Password reset requested for {email|User}",
    r#"Failed to request password reset for "{email|User}""#,
  ),
  rule(
    "password.reset_requested_otp",
    "Password reset OTP requested for {email|User}",
    r#"Failed to request password reset OTP for "{email|User}""#,
  ),
  rule(
    "phone_number.otp_requested",
    "Phone number OTP requested for {phoneNumber|phone number}",
    "Failed to send OTP to {phoneNumber|phone number}",
  ),
  Rule {
    success_severity: Some(Severity::Success),
    ..rule(
      "phone_number.verification",
      "Phone number {phoneNumber|phone number} verified for {name,email|User}",
      "Phone number verification failed for {phoneNumber|phone number}",
    )
  },
  rule(
    "session.created",
    "New session created for {name,email|User}",
    r#"Failed to create session for "{name,email|User}""#,
  ),
  rule(
    "team.created",
    r#"Team "{teamName|Team}" created in {organizationName|organization}"#,
    r#"Failed to create team "{teamName|Team}" in "{organizationName|organization}""#,
  ),
  rule(
    "team.deleted",
    r#"Team "{teamName|Team}" deleted from {organizationName|organization}"#,
    r#"Failed to delete team "{teamName|Team}" from "{organizationName|organization}""#,
  ),
  rule(
    "team.member.added",
    r#"{addedName|Member} added to team "{teamName|team}""#,
    r#"Failed to add member "{addedName|Member}" to team "{teamName|team}""#,
  ),
  rule(
    "team.member.removed",
    r#"{removedName|Member} removed from team "{teamName|team}""#,
    r#"Failed to remove member "{removedName|Member}" from team "{teamName|team}""#,
  ),
  rule(
    "team.updated",
    r#"Team "{teamName|Team}" updated in {organizationName|organization}"#,
    r#"Failed to update team "{teamName|Team}" in "{organizationName|organization}""#,
  ),
  rule(
    "user.banned",
    "{name,email|User} was banned",
    "{name,email|User} failed to ban",
  ),
  rule(
    "user.delete_verification_requested",
    "Delete verification requested for {name,email|User}",
    r#"Failed to send delete verification for "{name,email|User}""#,
  ),
  rule(
    "user.deleted",
    "{name,email|User} was deleted",
    "{name,email|User} was deleted",
  ),
  rule(
    "user.email_verified",
    "{name,email|User} verified email",
    "{name,email|User} failed to verify email",
  ),
  rule(
    "user.joined",
    "{name,email|User} joined!",
    "{name,email|User} failed to join",
  ),
  rule(
    "user.logged_in",
    "{name,email|User} logged in",
    "{name,email|User} failed to login",
  ),
  rule(
    "user.logged_out",
    "{name,email|User} logged out",
    "{name,email|User} failed to logout",
  ),
  rule(
    "user.password_changed",
    "{name,email|User} changed password",
    "{name,email|User} failed to change password",
  ),
  rule(
    "user.unbanned",
    "{name,email|User} was unbanned",
    "{name,email|User} failed to unban",
  ),
  rule(
    "user.updated",
    "{name,email|User} updated their profile",
    "{name,email|User} updated their profile",
  ),
];
