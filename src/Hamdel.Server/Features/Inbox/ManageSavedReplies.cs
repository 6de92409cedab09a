using System.Text.RegularExpressions;
using FluentValidation;
using Hamdel.Server.Features.Workspaces;
using Hamdel.Server.Infrastructure.Data;
using Hamdel.Server.Infrastructure.Errors;
using Hamdel.Server.Infrastructure.Localization;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Features.Inbox;

public sealed record SavedReplyDto(Guid Id, string Shortcut, string Title, string Body, string? Language);

/// <summary>
/// Saved replies, and filling their placeholders for one conversation:
/// <c>{{customer.name}}</c>, <c>{{customer.first_name}}</c>, <c>{{agent.name}}</c>,
/// <c>{{agent.first_name}}</c>, <c>{{conversation.number}}</c>, <c>{{workspace.name}}</c>.
/// </summary>
internal static partial class ManageSavedReplies
{
    public static readonly string[] Placeholders = ["customer.name", "customer.first_name", "agent.name", "agent.first_name", "conversation.number", "workspace.name"];

    internal sealed record Request(string? Shortcut, string? Title, string? Body, string? Language);

    internal sealed record Rendered(string Text);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Shortcut).NotEmpty().MaximumLength(64).Matches("^[\\p{L}\\p{N}_\\-]+$").WithMessage(_ => Strings.Get("SavedReply.Shortcut"));
            RuleFor(r => r.Title).NotEmpty().MaximumLength(Limits.NameLength);
            RuleFor(r => r.Body).NotEmpty().MaximumLength(10_000)
                .Must(b => b is null || PlaceholderPattern().Matches(b).All(m => Placeholders.Contains(m.Groups[1].Value.Trim())))
                .WithMessage(_ => Strings.Format("SavedReply.Placeholder", string.Join(", ", Placeholders.Select(p => "{{" + p + "}}"))));
            RuleFor(r => r.Language).Must(l => l is null || Intl.IsSupportedLanguage(l))
                .WithMessage(_ => Strings.Format("Error.Language", string.Join(", ", Intl.Languages)));
        }
    }

    internal sealed class Handler(HamdelDbContext db, TimeProvider time)
    {
        private static readonly Validator Validation = new();

        public Task<List<SavedReplyDto>> ListAsync(CurrentMember actor, CancellationToken cancellationToken) =>
            db.SavedReplies.AsNoTracking().Where(r => r.WorkspaceId == actor.WorkspaceId).OrderBy(r => r.Shortcut)
                .Select(r => new SavedReplyDto(r.Id, r.Shortcut, r.Title, r.Body, r.Language)).ToListAsync(cancellationToken);

        public async Task<Outcome<SavedReplyDto>> SaveAsync(CurrentMember actor, Guid? id, Request request, CancellationToken cancellationToken)
        {
            var validation = await Validation.ValidateAsync(request, cancellationToken);
            if (!validation.IsValid)
            {
                return Failure.Invalid(validation);
            }
            var shortcut = request.Shortcut!.Trim().ToLowerInvariant();
            if (await db.SavedReplies.AnyAsync(r => r.WorkspaceId == actor.WorkspaceId && r.Shortcut == shortcut && r.Language == request.Language && r.Id != id, cancellationToken))
            {
                return Failure.Conflict(Strings.Format("SavedReply.Taken", shortcut));
            }
            var now = time.GetUtcNow();
            SavedReply reply;
            if (id is null)
            {
                reply = new SavedReply { WorkspaceId = actor.WorkspaceId, Shortcut = shortcut, Title = request.Title!.Trim(), Body = request.Body!, Language = request.Language, CreatedByUserId = actor.UserId, CreatedAt = now, UpdatedAt = now };
                db.SavedReplies.Add(reply);
            }
            else
            {
                var existing = await db.SavedReplies.SingleOrDefaultAsync(r => r.Id == id && r.WorkspaceId == actor.WorkspaceId, cancellationToken);
                if (existing is null)
                {
                    return Failure.NotFound(Strings.Get("SavedReply.NotFound"));
                }
                reply = existing;
                reply.Shortcut = shortcut;
                reply.Title = request.Title!.Trim();
                reply.Body = request.Body!;
                reply.Language = request.Language;
                reply.UpdatedAt = now;
            }
            await db.SaveChangesAsync(cancellationToken);
            return new SavedReplyDto(reply.Id, reply.Shortcut, reply.Title, reply.Body, reply.Language);
        }

        public async Task<Outcome<Done>> DeleteAsync(CurrentMember actor, Guid id, CancellationToken cancellationToken)
        {
            var deleted = await db.SavedReplies.Where(r => r.Id == id && r.WorkspaceId == actor.WorkspaceId).ExecuteDeleteAsync(cancellationToken);
            return deleted == 0 ? Failure.NotFound(Strings.Get("SavedReply.NotFound")) : Done.Value;
        }

        /// <summary>The reply's text for one conversation, placeholders filled.</summary>
        public async Task<Outcome<Rendered>> RenderAsync(CurrentMember actor, Guid id, Guid conversationId, CancellationToken cancellationToken)
        {
            var reply = await db.SavedReplies.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id && r.WorkspaceId == actor.WorkspaceId, cancellationToken);
            if (reply is null)
            {
                return Failure.NotFound(Strings.Get("SavedReply.NotFound"));
            }
            var context = await db.Conversations.AsNoTracking()
                .Where(c => c.Id == conversationId && c.WorkspaceId == actor.WorkspaceId)
                .Select(c => new { c.Number, Customer = c.Customer!.DisplayName, Workspace = db.Workspaces.Where(w => w.Id == c.WorkspaceId).Select(w => w.Name).First() })
                .SingleOrDefaultAsync(cancellationToken);
            if (context is null)
            {
                return Failure.NotFound(Strings.Get("Conversation.NotFound"));
            }
            var agent = await db.Users.Where(u => u.Id == actor.UserId).Select(u => u.DisplayName).SingleAsync(cancellationToken);
            var values = new Dictionary<string, string>
            {
                ["customer.name"] = context.Customer,
                ["customer.first_name"] = FirstName(context.Customer),
                ["agent.name"] = agent,
                ["agent.first_name"] = FirstName(agent),
                ["conversation.number"] = context.Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["workspace.name"] = context.Workspace,
            };
            return new Rendered(Fill(reply.Body, values));
        }
    }

    public static string Fill(string body, IReadOnlyDictionary<string, string> values) =>
        PlaceholderPattern().Replace(body, m => values.TryGetValue(m.Groups[1].Value.Trim(), out var value) ? value : m.Value);

    private static string FirstName(string name) => name.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? name;

    [GeneratedRegex(@"\{\{\s*([a-z_.]+)\s*\}\}")]
    private static partial Regex PlaceholderPattern();
}
