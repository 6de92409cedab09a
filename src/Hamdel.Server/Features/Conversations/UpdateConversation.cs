using FluentValidation;
using Hamdel.Server.Features.Workspaces;
using Hamdel.Server.Infrastructure.Data;
using Hamdel.Server.Infrastructure.Errors;
using Hamdel.Server.Infrastructure.Events;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Features.Conversations;

/// <summary>Priority, tags and subject of a conversation (fields left out stay as they are).</summary>
internal static class UpdateConversation
{
    internal sealed record Request(ConversationPriority? Priority, List<string>? Tags, string? Subject);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Subject).MaximumLength(300);
            RuleFor(r => r.Tags).Must(t => t is null || t.Count <= 50).WithMessage(_ => Strings.Format("Tags.TooMany", 50));
            RuleForEach(r => r.Tags).NotEmpty().MaximumLength(Limits.TagLength);
        }
    }

    internal sealed class Handler(HamdelDbContext db, EventOutbox events, TimeProvider time)
    {
        private static readonly Validator Validation = new();

        public Task<Outcome<Done>> ExecuteAsync(CurrentMember actor, Guid conversationId, Request request, CancellationToken cancellationToken) =>
            Concurrency.RetryAsync(db, () => ExecuteOnceAsync(actor, conversationId, request, cancellationToken));

        private async Task<Outcome<Done>> ExecuteOnceAsync(CurrentMember actor, Guid conversationId, Request request, CancellationToken cancellationToken)
        {
            var validation = await Validation.ValidateAsync(request, cancellationToken);
            if (!validation.IsValid)
            {
                return Failure.Invalid(validation);
            }
            var conversation = await db.Conversations.Include(c => c.Tags)
                .SingleOrDefaultAsync(c => c.Id == conversationId && c.WorkspaceId == actor.WorkspaceId, cancellationToken);
            if (conversation is null)
            {
                return Failure.NotFound(Strings.Get("Conversation.NotFound"));
            }
            var changed = new List<string>();
            if (request.Priority is { } priority && priority != conversation.Priority)
            {
                conversation.Priority = priority;
                changed.Add("priority");
            }
            if (request.Subject is { } subject && subject != conversation.Subject)
            {
                conversation.Subject = subject.Trim().Length == 0 ? null : subject.Trim();
                changed.Add("subject");
            }
            if (request.Tags is { } tags)
            {
                var wanted = Tags.Normalize(tags);
                var current = conversation.Tags.Select(t => t.Tag).ToHashSet(StringComparer.Ordinal);
                if (!current.SetEquals(wanted))
                {
                    db.ConversationTags.RemoveRange(conversation.Tags.Where(t => !wanted.Contains(t.Tag)));
                    db.ConversationTags.AddRange(wanted.Where(t => !current.Contains(t)).Select(t => new ConversationTag { ConversationId = conversation.Id, WorkspaceId = actor.WorkspaceId, Tag = t }));
                    changed.Add("tags");
                }
            }
            if (changed.Count > 0)
            {
                conversation.UpdatedAt = time.GetUtcNow();
                events.Publish(new ConversationUpdated(actor.WorkspaceId, conversation.Id, string.Join(",", changed)));
                await db.SaveChangesAsync(cancellationToken);
            }
            return Done.Value;
        }
    }
}

/// <summary>Tags as stored: trimmed, lower-case, no duplicates.</summary>
internal static class Tags
{
    public static HashSet<string> Normalize(IEnumerable<string> tags) =>
        tags.Select(t => t.Trim().ToLowerInvariant()).Where(t => t.Length > 0).ToHashSet(StringComparer.Ordinal);
}
