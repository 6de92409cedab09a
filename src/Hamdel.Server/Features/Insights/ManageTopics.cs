using System.Text.RegularExpressions;
using FluentValidation;
using Hamdel.Server.Features.Audit;
using Hamdel.Server.Features.Workspaces;
using Hamdel.Server.Infrastructure.Data;
using Hamdel.Server.Infrastructure.Errors;
using Hamdel.Text.Topics;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Features.Insights;

/// <summary>One topic as the API shows and takes it: names and phrases per language (en, fa, ar).</summary>
public sealed record TopicDto(string Id, IReadOnlyDictionary<string, string> Name, IReadOnlyDictionary<string, IReadOnlyList<string>> Phrases);

/// <summary>A workspace's topic list; <c>IsDefault</c> when it is the shipped one, never edited.</summary>
public sealed record TopicListDto(int Version, bool IsDefault, IReadOnlyList<TopicDto> Topics)
{
    /// <summary>Topic id → name in <paramref name="language"/>, else in English, else the first name given.</summary>
    public IReadOnlyDictionary<string, string> NamesIn(string language) => Topics.ToDictionary(
        t => t.Id,
        t => t.Name.GetValueOrDefault(language) ?? t.Name.GetValueOrDefault("en") ?? t.Name.Values.FirstOrDefault() ?? t.Id);
}

/// <summary>
/// The workspace's topic list: what its customers' texts are tagged with (delivery, price, refund ...).
/// Saving a list bumps its version, and every text of the workspace is re-tagged in the background.
/// </summary>
internal static partial class ManageTopics
{
    public static readonly string[] Languages = ["en", "fa", "ar"];
    public const int MaxTopics = 100;
    public const int MaxPhrases = 300;
    public const int MaxPhraseLength = 100;

    internal sealed record Request(List<TopicRequest>? Topics);

    internal sealed record TopicRequest(string? Id, Dictionary<string, string?>? Name, Dictionary<string, List<string?>?>? Phrases);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,39}$")]
    private static partial Regex IdPattern();

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Topics).NotNull().Must(t => t!.Count <= MaxTopics)
                .WithMessage(_ => Strings.Format("Topics.TooMany", MaxTopics));
            RuleForEach(r => r.Topics).ChildRules(topic =>
            {
                topic.RuleFor(t => t.Id).NotEmpty().Must(id => IdPattern().IsMatch(id ?? ""))
                    .WithMessage(_ => Strings.Get("Topics.IdPattern"));
                topic.RuleFor(t => t.Name).Must(n => n is not null && n.Any(kv => !string.IsNullOrWhiteSpace(kv.Value)))
                    .WithMessage(_ => Strings.Get("Topics.NameRequired"));
                topic.RuleFor(t => t.Name).Must(n => n is null || n.Keys.All(Languages.Contains) && n.Values.All(v => (v?.Length ?? 0) <= Limits.NameLength))
                    .WithMessage(_ => Strings.Format("Topics.Languages", string.Join(", ", Languages)));
                topic.RuleFor(t => t.Phrases).Must(p => p is not null && p.Values.Any(list => list is { Count: > 0 }))
                    .WithMessage(_ => Strings.Get("Topics.PhrasesRequired"));
                topic.RuleFor(t => t.Phrases).Must(p => p is null || p.Keys.All(Languages.Contains))
                    .WithMessage(_ => Strings.Format("Topics.Languages", string.Join(", ", Languages)));
                topic.RuleFor(t => t.Phrases).Must(p => p is null || p.Values.All(list => list is null || list.Count <= MaxPhrases && list.All(x => !string.IsNullOrWhiteSpace(x) && x.Length <= MaxPhraseLength)))
                    .WithMessage(_ => Strings.Format("Topics.PhraseLimits", MaxPhrases, MaxPhraseLength));
            });
            RuleFor(r => r.Topics).Must(t => t is null || t.Select(x => x.Id).Distinct().Count() == t.Count)
                .WithMessage(_ => Strings.Get("Topics.DuplicateId"));
        }
    }

    internal sealed class Handler(HamdelDbContext db, AuditLog audit, Reanalyzer reanalyzer, TimeProvider time)
    {
        private static readonly Validator Validation = new();

        public async Task<TopicListDto> GetAsync(CurrentMember actor, CancellationToken cancellationToken)
        {
            var stored = await db.WorkspaceTopics.AsNoTracking().SingleOrDefaultAsync(t => t.WorkspaceId == actor.WorkspaceId, cancellationToken);
            var taxonomy = stored is null ? TopicTaxonomy.Default : TopicTaxonomy.FromJson(stored.Json);
            return new TopicListDto(stored?.Version ?? 0, stored is null, [.. taxonomy.Topics.Select(ToDto)]);
        }

        public async Task<Outcome<TopicListDto>> SaveAsync(CurrentMember actor, Request request, CancellationToken cancellationToken)
        {
            var validation = await Validation.ValidateAsync(request, cancellationToken);
            if (!validation.IsValid)
            {
                return Failure.Invalid(validation);
            }
            var topics = request.Topics!.Select(t => new TopicDefinition(
                t.Id!,
                t.Name!.Where(kv => !string.IsNullOrWhiteSpace(kv.Value)).ToDictionary(kv => kv.Key, kv => kv.Value!.Trim()),
                t.Phrases!.Where(kv => kv.Value is { Count: > 0 }).ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)[.. kv.Value!.Select(p => p!.Trim()).Distinct()])));
            var taxonomy = new TopicTaxonomy(topics);
            var stored = await db.WorkspaceTopics.SingleOrDefaultAsync(t => t.WorkspaceId == actor.WorkspaceId, cancellationToken);
            if (stored is null)
            {
                stored = new WorkspaceTopics { WorkspaceId = actor.WorkspaceId, Json = "" };
                db.WorkspaceTopics.Add(stored);
            }
            stored.Json = taxonomy.ToJson();
            stored.Version++;
            stored.UpdatedAt = time.GetUtcNow();
            stored.UpdatedByUserId = actor.UserId;
            audit.Record("topics.updated", actor.UserId, actor.WorkspaceId, "topics", null, $"{taxonomy.Topics.Count} topics, version {stored.Version}");
            await db.SaveChangesAsync(cancellationToken);
            reanalyzer.Wake();
            return new TopicListDto(stored.Version, false, [.. taxonomy.Topics.Select(ToDto)]);
        }

        /// <summary>Back to the shipped list (a new version, so texts are re-tagged with it).</summary>
        public async Task<TopicListDto> ResetAsync(CurrentMember actor, CancellationToken cancellationToken)
        {
            var request = new Request([.. TopicTaxonomy.Default.Topics.Select(t => new TopicRequest(t.Id,
                t.Name.ToDictionary(kv => kv.Key, kv => (string?)kv.Value),
                t.Phrases.ToDictionary(kv => kv.Key, kv => (List<string?>?)[.. kv.Value])))]);
            return (await SaveAsync(actor, request, cancellationToken)).Value!;
        }

        private static TopicDto ToDto(TopicDefinition topic) => new(topic.Id, topic.Name, topic.Phrases);
    }
}
