using Hamdel.Server.Features.Workspaces;
using Hamdel.Server.Infrastructure.Data;
using Hamdel.Server.Infrastructure.Errors;
using Hamdel.Server.Infrastructure.Events;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Features.FollowUps;

public sealed record FollowUpNoteDto(Guid Id, Guid AuthorUserId, string Text, DateTimeOffset At);

public sealed record FollowUpDto(
    Guid Id, Guid AnswerId, Guid SurveyId, string SurveyName, Guid? CustomerId, string? CustomerName, Guid? ConversationId, Guid? TeamId,
    Guid? OwnerUserId, FollowUpStatus Status, string Reason, int? Score, string? Comment, DateTimeOffset DueAt, DateTimeOffset CreatedAt,
    DateTimeOffset? ContactedAt, DateTimeOffset? ClosedAt, string? Outcome, IReadOnlyList<FollowUpNoteDto> Notes, DateTimeOffset? CustomerToldAt = null);

/// <summary>For the metrics: how many loops were closed, and how fast customers were contacted.</summary>
public sealed record FollowUpStats(int Open, int Overdue, int Closed, double? ClosureRate, double? MedianHoursToContact);

/// <summary>The follow-up board: cases by status, owner changes, notes, outcome.</summary>
internal static class ManageFollowUps
{
    internal sealed record UpdateRequest(FollowUpStatus? Status, Guid? OwnerUserId, DateTimeOffset? DueAt, string? Outcome);

    internal sealed record NoteRequest(string? Text);

    /// <summary>What to tell the customer ("you said, we did"); the case's outcome when empty.</summary>
    internal sealed record TellRequest(string? Text);

    internal sealed class Handler(HamdelDbContext db, EventOutbox events, TimeProvider time)
    {
        public async Task<List<FollowUpDto>> ListAsync(CurrentMember actor, FollowUpStatus? status, Guid? ownerUserId, Guid? customerId, CancellationToken cancellationToken)
        {
            var query = db.FollowUpCases.AsNoTracking().Where(c => c.WorkspaceId == actor.WorkspaceId);
            if (status is { } st) { query = query.Where(c => c.Status == st); }
            if (ownerUserId is { } owner) { query = query.Where(c => c.OwnerUserId == owner); }
            if (customerId is { } customer) { query = query.Where(c => c.CustomerId == customer); }
            return await Project(query.OrderBy(c => c.DueAt).Take(500)).ToListAsync(cancellationToken);
        }

        public async Task<Outcome<FollowUpDto>> GetAsync(CurrentMember actor, Guid caseId, CancellationToken cancellationToken) =>
            await Project(db.FollowUpCases.AsNoTracking().Where(c => c.Id == caseId && c.WorkspaceId == actor.WorkspaceId)).SingleOrDefaultAsync(cancellationToken) is { } found
                ? found
                : Failure.NotFound(Strings.Get("FollowUp.NotFound"));

        public Task<Outcome<FollowUpDto>> UpdateAsync(CurrentMember actor, Guid caseId, UpdateRequest request, CancellationToken cancellationToken) =>
            Concurrency.RetryAsync(db, async () =>
            {
                var followUp = await db.FollowUpCases.SingleOrDefaultAsync(c => c.Id == caseId && c.WorkspaceId == actor.WorkspaceId, cancellationToken);
                if (followUp is null)
                {
                    return (Outcome<FollowUpDto>)Failure.NotFound(Strings.Get("FollowUp.NotFound"));
                }
                if (request.OwnerUserId is { } owner && owner != followUp.OwnerUserId
                    && !await db.WorkspaceMembers.AnyAsync(m => m.WorkspaceId == actor.WorkspaceId && m.UserId == owner && m.DeactivatedAt == null, cancellationToken))
                {
                    return Failure.Invalid("ownerUserId", Strings.Format("Team.NotMember", owner));
                }
                if (request.Outcome is { Length: > FollowUpCaseConfiguration.TextLength })
                {
                    return Failure.Invalid("outcome", Strings.Format("Error.TooLong", "outcome", FollowUpCaseConfiguration.TextLength));
                }
                var now = time.GetUtcNow();
                if (request.Status is { } status && status != followUp.Status)
                {
                    followUp.Status = status;
                    // Time to contact is measured to the first time someone reached the customer.
                    if (status is FollowUpStatus.Contacted or FollowUpStatus.Resolved)
                    {
                        followUp.ContactedAt ??= now;
                    }
                    followUp.ClosedAt = status is FollowUpStatus.Resolved or FollowUpStatus.WontFix ? now : null;
                }
                followUp.OwnerUserId = request.OwnerUserId ?? followUp.OwnerUserId;
                followUp.DueAt = request.DueAt?.ToUniversalTime() ?? followUp.DueAt;
                followUp.Outcome = request.Outcome is null ? followUp.Outcome : string.IsNullOrWhiteSpace(request.Outcome) ? null : request.Outcome.Trim();
                followUp.UpdatedAt = now;
                events.Publish(new FollowUpChanged(followUp.WorkspaceId, followUp.Id, followUp.Status, followUp.OwnerUserId));
                await db.SaveChangesAsync(cancellationToken);
                return await GetAsync(actor, caseId, cancellationToken);
            });

        public async Task<Outcome<FollowUpDto>> AddNoteAsync(CurrentMember actor, Guid caseId, NoteRequest request, CancellationToken cancellationToken)
        {
            var text = request.Text?.Trim();
            if (string.IsNullOrEmpty(text) || text.Length > FollowUpCaseConfiguration.TextLength)
            {
                return Failure.Invalid("text", Strings.Format("FollowUp.NoteText", FollowUpCaseConfiguration.TextLength));
            }
            if (!await db.FollowUpCases.AnyAsync(c => c.Id == caseId && c.WorkspaceId == actor.WorkspaceId, cancellationToken))
            {
                return Failure.NotFound(Strings.Get("FollowUp.NotFound"));
            }
            db.FollowUpNotes.Add(new FollowUpNote { CaseId = caseId, WorkspaceId = actor.WorkspaceId, AuthorUserId = actor.UserId, Text = text, At = time.GetUtcNow() });
            await db.SaveChangesAsync(cancellationToken);
            return await GetAsync(actor, caseId, cancellationToken);
        }

        public async Task<FollowUpStats> StatsAsync(CurrentMember actor, CancellationToken cancellationToken)
        {
            var now = time.GetUtcNow();
            var rows = await db.FollowUpCases.AsNoTracking().Where(c => c.WorkspaceId == actor.WorkspaceId)
                .Select(c => new { c.Status, c.DueAt, c.CreatedAt, c.ContactedAt }).ToListAsync(cancellationToken);
            var closed = rows.Count(r => r.Status is FollowUpStatus.Resolved or FollowUpStatus.WontFix);
            var open = rows.Count - closed;
            var hours = rows.Where(r => r.ContactedAt is not null).Select(r => (r.ContactedAt!.Value - r.CreatedAt).TotalHours).Order().ToList();
            return new FollowUpStats(open, rows.Count(r => r.Status is FollowUpStatus.New or FollowUpStatus.Contacted && r.DueAt < now), closed,
                rows.Count == 0 ? null : Math.Round((double)closed / rows.Count, 3),
                hours.Count == 0 ? null : Math.Round(hours[hours.Count / 2], 1));
        }

        /// <summary>
        /// "You said, we did": tells the customer what was done, as a reply in the conversation the
        /// answer came from (through its channel, like any reply), and records it on the case with a note.
        /// The reply is committed first; the case is then marked, so a crash between the two leaves the
        /// reply in the conversation, where it is seen, rather than a case that claims an unsent message.
        /// </summary>
        public async Task<Outcome<FollowUpDto>> TellCustomerAsync(CurrentMember actor, Guid caseId, TellRequest request, Conversations.SendReply.Handler replies, CancellationToken cancellationToken)
        {
            var followUp = await db.FollowUpCases.AsNoTracking().SingleOrDefaultAsync(c => c.Id == caseId && c.WorkspaceId == actor.WorkspaceId, cancellationToken);
            if (followUp is null)
            {
                return Failure.NotFound(Strings.Get("FollowUp.NotFound"));
            }
            var text = string.IsNullOrWhiteSpace(request.Text) ? followUp.Outcome?.Trim() : request.Text.Trim();
            if (string.IsNullOrEmpty(text))
            {
                return Failure.Invalid("text", Strings.Get("FollowUp.TellWhat"));
            }
            if (followUp.ConversationId is not { } conversationId)
            {
                return Failure.Invalid("conversationId", Strings.Get("FollowUp.NoConversation"));
            }
            var sent = await replies.ExecuteAsync(actor, conversationId, new Conversations.SendReply.Request(text, null, false, null, null), cancellationToken);
            if (sent.Failure is { } failure)
            {
                return failure;
            }
            db.ChangeTracker.Clear();
            return await Concurrency.RetryAsync(db, async () =>
            {
                var tracked = await db.FollowUpCases.SingleAsync(c => c.Id == caseId, cancellationToken);
                var now = time.GetUtcNow();
                tracked.CustomerToldAt = now;
                tracked.UpdatedAt = now;
                db.FollowUpNotes.Add(new FollowUpNote { CaseId = caseId, WorkspaceId = actor.WorkspaceId, AuthorUserId = actor.UserId, Text = Strings.Format("FollowUp.ToldNote", text), At = now });
                await db.SaveChangesAsync(cancellationToken);
                return await GetAsync(actor, caseId, cancellationToken);
            });
        }

        private IQueryable<FollowUpDto> Project(IQueryable<FollowUpCase> query) => query.Select(c => new FollowUpDto(
            c.Id, c.AnswerId, c.SurveyId, db.Surveys.Where(s => s.Id == c.SurveyId).Select(s => s.Name).First(),
            c.CustomerId, db.Customers.Where(x => x.Id == c.CustomerId).Select(x => x.DisplayName).FirstOrDefault(), c.ConversationId, c.TeamId,
            c.OwnerUserId, c.Status, c.Reason,
            db.SurveyAnswers.Where(a => a.Id == c.AnswerId).Select(a => a.Score).FirstOrDefault(),
            db.SurveyAnswers.Where(a => a.Id == c.AnswerId).Select(a => a.Comment).FirstOrDefault(),
            c.DueAt, c.CreatedAt, c.ContactedAt, c.ClosedAt, c.Outcome,
            c.Notes.OrderBy(n => n.At).Select(n => new FollowUpNoteDto(n.Id, n.AuthorUserId, n.Text, n.At)).ToList(), c.CustomerToldAt));
    }

    public static IServiceCollection AddFollowUps(this IServiceCollection services) => services
        .AddScoped<FollowUpOpener>()
        .AddScoped<Handler>();

    public static void MapFollowUpEndpoints(this RouteGroupBuilder workspace)
    {
        var followUps = workspace.MapGroup("/follow-ups").WithTags("Follow-ups");

        followUps.MapGet("/", async (FollowUpStatus? status, Guid? ownerUserId, Guid? customerId, CurrentMember member, Handler handler, CancellationToken ct) =>
                TypedResults.Ok(await handler.ListAsync(member, status, ownerUserId, customerId, ct)))
            .WithName("ListFollowUps").WithSummary("Follow-up cases, soonest due first (at most 500), by status, owner or customer.");

        followUps.MapGet("/stats", async (CurrentMember member, Handler handler, CancellationToken ct) => TypedResults.Ok(await handler.StatsAsync(member, ct)))
            .WithName("GetFollowUpStats").WithSummary("Open, overdue and closed cases, loop-closure rate and median hours to contact.");

        followUps.MapGet("/{caseId:guid}", async Task<Results<Ok<FollowUpDto>, ProblemHttpResult, ValidationProblem>> (Guid caseId, CurrentMember member, Handler handler, CancellationToken ct) =>
                (await handler.GetAsync(member, caseId, ct)).ToHttp(TypedResults.Ok))
            .WithName("GetFollowUp").WithSummary("One follow-up case with its notes.");

        followUps.MapPatch("/{caseId:guid}", async Task<Results<Ok<FollowUpDto>, ProblemHttpResult, ValidationProblem>> (Guid caseId, UpdateRequest request, CurrentMember member, Handler handler, CancellationToken ct) =>
                (await handler.UpdateAsync(member, caseId, request, ct)).ToHttp(TypedResults.Ok))
            .WithName("UpdateFollowUp").WithSummary("Changes the status (New, Contacted, Resolved, WontFix), owner, due time or outcome.")
            .RequireWorkspaceRole(WorkspaceAccess.Staff);

        followUps.MapPost("/{caseId:guid}/notes", async Task<Results<Ok<FollowUpDto>, ProblemHttpResult, ValidationProblem>> (Guid caseId, NoteRequest request, CurrentMember member, Handler handler, CancellationToken ct) =>
                (await handler.AddNoteAsync(member, caseId, request, ct)).ToHttp(TypedResults.Ok))
            .WithName("AddFollowUpNote").WithSummary("Adds a note to a case.")
            .RequireWorkspaceRole(WorkspaceAccess.Staff);

        followUps.MapPost("/{caseId:guid}/tell-customer", async Task<Results<Ok<FollowUpDto>, ProblemHttpResult, ValidationProblem>> (
                Guid caseId, TellRequest request, CurrentMember member, Handler handler, Conversations.SendReply.Handler replies, CancellationToken ct) =>
                (await handler.TellCustomerAsync(member, caseId, request, replies, ct)).ToHttp(TypedResults.Ok))
            .WithName("TellFollowUpCustomer")
            .WithSummary("\"You said, we did\": sends the customer a reply in the answer's conversation (the text, or the case's outcome when empty) and records it on the case. 400 names `conversationId` when the answer came with no conversation.")
            .RequireWorkspaceRole(WorkspaceAccess.Staff);
    }
}
