using Hamdel.Server.Features.Workspaces;
using Hamdel.Server.Infrastructure.Data;
using Hamdel.Server.Infrastructure.Errors;
using Hamdel.Server.Infrastructure.Events;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Features.Conversations;

/// <summary>
/// Gives a conversation to an agent and/or a team, or takes it away. Handing it from one agent to
/// another counts as a reassignment, from one team to another as a transfer (both are weak-resolution
/// signals the metrics report).
/// </summary>
internal static class AssignConversation
{
    /// <summary>Absent fields are left as they are; <c>null</c> clears (set <c>unassign</c>/<c>noTeam</c> to clear explicitly).</summary>
    internal sealed record Request(Guid? AssigneeId, Guid? TeamId, bool? Unassign, bool? NoTeam);

    internal sealed record Response(Guid? AssigneeId, Guid? TeamId, int ReassignmentCount, int TeamTransferCount);

    internal sealed class Handler(HamdelDbContext db, EventOutbox events, TimeProvider time)
    {
        public Task<Outcome<Response>> ExecuteAsync(CurrentMember actor, Guid conversationId, Request request, CancellationToken cancellationToken) =>
            Concurrency.RetryAsync(db, () => ExecuteOnceAsync(actor, conversationId, request, cancellationToken));

        private async Task<Outcome<Response>> ExecuteOnceAsync(CurrentMember actor, Guid conversationId, Request request, CancellationToken cancellationToken)
        {
            if (request.AssigneeId is null && request.TeamId is null && request.Unassign != true && request.NoTeam != true)
            {
                return Failure.Invalid("assigneeId", Strings.Get("Conversation.AssignNothing"));
            }
            var conversation = await db.Conversations.SingleOrDefaultAsync(c => c.Id == conversationId && c.WorkspaceId == actor.WorkspaceId, cancellationToken);
            if (conversation is null)
            {
                return Failure.NotFound(Strings.Get("Conversation.NotFound"));
            }
            if (request.AssigneeId is { } assigneeId &&
                !await db.WorkspaceMembers.AnyAsync(m => m.WorkspaceId == actor.WorkspaceId && m.UserId == assigneeId && m.DeactivatedAt == null && m.Role != WorkspaceRole.Analyst, cancellationToken))
            {
                return Failure.Invalid("assigneeId", Strings.Get("Conversation.AssigneeUnknown"));
            }
            if (request.TeamId is { } teamId && !await db.Teams.AnyAsync(t => t.Id == teamId && t.WorkspaceId == actor.WorkspaceId, cancellationToken))
            {
                return Failure.Invalid("teamId", Strings.Get("Team.NotFound"));
            }

            var previousAssignee = conversation.AssigneeId;
            var previousTeam = conversation.TeamId;
            var assignee = request.Unassign == true ? null : request.AssigneeId ?? conversation.AssigneeId;
            var team = request.NoTeam == true ? null : request.TeamId ?? conversation.TeamId;
            if (assignee == previousAssignee && team == previousTeam)
            {
                return new Response(assignee, team, conversation.ReassignmentCount, conversation.TeamTransferCount);
            }
            if (previousAssignee is not null && assignee is not null && assignee != previousAssignee)
            {
                conversation.ReassignmentCount++;
            }
            if (previousTeam is not null && team is not null && team != previousTeam)
            {
                conversation.TeamTransferCount++;
            }
            conversation.AssigneeId = assignee;
            conversation.TeamId = team;
            conversation.UpdatedAt = time.GetUtcNow();
            events.Publish(new ConversationAssigned(actor.WorkspaceId, conversation.Id, assignee, team, previousAssignee, previousTeam, actor.UserId));
            await db.SaveChangesAsync(cancellationToken);
            return new Response(assignee, team, conversation.ReassignmentCount, conversation.TeamTransferCount);
        }
    }
}
