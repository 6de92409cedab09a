namespace Hamdel.Server.Features.Metrics;

/// <summary>
/// What one fact measures. Every metric reads one family (backlog two): a family is one number per
/// source row (an answer's score, a conversation's seconds to first response, ...), bucketed by a
/// local day. Stored as its number: never renumber.
/// </summary>
public enum MetricFamily
{
    /// <summary>Score 0–10 of an NPS question on a customer survey; day answered.</summary>
    Nps = 1,
    /// <summary>Score 1–5 of a CSAT question; day answered.</summary>
    Csat = 2,
    /// <summary>Score 1–7 of a CES question; day answered.</summary>
    Ces = 3,
    /// <summary>Score 0–10 of an NPS question on an employee pulse; day answered.</summary>
    Enps = 4,
    /// <summary>1 when a sent invitation was answered, else 0; day sent.</summary>
    Invitation = 5,
    /// <summary>Seconds from a conversation's creation to its first agent reply; day of that reply.</summary>
    FirstResponse = 6,
    /// <summary>Seconds from creation to resolution of a resolved (or closed) conversation; day resolved.</summary>
    Resolution = 7,
    /// <summary>1 when a resolved conversation was never reopened, reassigned or transferred, else 0; day resolved.</summary>
    Fcr = 8,
    /// <summary>1 when a resolved conversation had been reopened at least once, else 0; day resolved.</summary>
    Reopen = 9,
    /// <summary>Reassignments plus team transfers of a resolved conversation; day resolved.</summary>
    Transfers = 10,
    /// <summary>Agent replies a resolved conversation took; day resolved.</summary>
    Replies = 11,
    /// <summary>1 for every conversation; day created (the backlog's inflow).</summary>
    BacklogIn = 12,
    /// <summary>1 for every resolved or closed conversation; day resolved (the backlog's outflow).</summary>
    BacklogOut = 13,
    /// <summary>1 for every conversation not resolved now; day created (ages of today's backlog).</summary>
    OpenAge = 14,
    /// <summary>1 when a follow-up case is closed (resolved or won't fix), else 0; day opened.</summary>
    LoopClosure = 15,
    /// <summary>Seconds from a follow-up case's opening to the first contact with the customer; day opened.</summary>
    TimeToContact = 16,
    /// <summary>1 when the customer had started another conversation within the repeat window before this one, else 0; day created.</summary>
    RepeatContact = 17,
}

/// <summary>What results can be broken down and filtered by. Stored as its number.</summary>
public enum MetricDimension
{
    /// <summary>No breakdown: the total.</summary>
    None = 0,
    Survey = 1,
    Touchpoint = 2,
    Channel = 3,
    Team = 4,
    Agent = 5,
    /// <summary>The customer's language (en, fa, ar): of the answer, or of the conversation.</summary>
    Language = 6,
    /// <summary>The customer's tags (segments); a customer with several tags counts in each.</summary>
    Tag = 7,
    /// <summary>The sentiment of the comment (answers, follow-ups) or of the opening message (conversations): negative, neutral, positive.</summary>
    Sentiment = 8,
    /// <summary>The topics of that comment or message; a text with several topics counts in each.</summary>
    Topic = 9,
}

/// <summary>How a metric turns its family's sums into one number.</summary>
public enum MetricKind
{
    /// <summary>% of 9–10 minus % of 0–6, in points, with the variance of the difference.</summary>
    NetScore,
    /// <summary>Share of facts whose value passes <see cref="MetricDefinition.Success"/>, in percent, Wilson interval.</summary>
    Proportion,
    /// <summary>Mean of the values, t interval.</summary>
    Mean,
    /// <summary>A percentile of durations from the histogram sketch, order-statistic interval.</summary>
    Quantile,
    /// <summary>Conversations not resolved at the end of each period (a count, no sampling).</summary>
    Backlog,
    /// <summary>Median age in days of the conversations open now.</summary>
    BacklogAge,
}

public enum MetricUnit
{
    /// <summary>NPS points, −100 to 100.</summary>
    Points,
    Percent,
    /// <summary>A mean score on the question's scale.</summary>
    Score,
    Seconds,
    Count,
    Days,
}

/// <summary>What one metric is, in code; its words for people are the resources <c>Metric.{name}.Name</c> and <c>.Definition</c>.</summary>
public sealed record MetricDefinition(
    string Name, MetricFamily Family, MetricKind Kind, MetricUnit Unit,
    IReadOnlyList<MetricDimension> Dimensions, int? SuccessFrom = null, int? SuccessTo = null, double Quantile = 0.5)
{
    /// <summary>A pulse metric: anonymous, never drilled into, groups under five never shown.</summary>
    public bool IsPulse => Family == MetricFamily.Enps;

    /// <summary>The sources behind it: answers, invitations, conversations or follow-up cases.</summary>
    public MetricSource Source => MetricDefinitions.SourceOf(Family);

    public bool Success(long value) => value >= (SuccessFrom ?? long.MinValue) && value <= (SuccessTo ?? long.MaxValue);

    public bool IsDuration => MetricDefinitions.IsDuration(Family);

    /// <summary>A rise is bad news (times, reopenings, hand-offs, replies, repeat contacts, backlog).</summary>
    public bool LowerIsBetter => Unit is MetricUnit.Seconds or MetricUnit.Days
        || Family is MetricFamily.Reopen or MetricFamily.Transfers or MetricFamily.Replies or MetricFamily.RepeatContact or MetricFamily.BacklogIn;
}

/// <summary>The raw rows metrics are computed from.</summary>
public enum MetricSource
{
    Answer,
    Invitation,
    Conversation,
    FollowUp,
}

/// <summary>Every metric Hamdel computes. Names are the API's (<c>/metrics/{name}</c>).</summary>
internal static class MetricDefinitions
{
    /// <summary>Bumped whenever what a fact holds changes: a workspace built with an older version is rebuilt.</summary>
    public const int Version = 1;

    private static readonly MetricDimension[] AnswerDimensions =
    [
        MetricDimension.Survey, MetricDimension.Touchpoint, MetricDimension.Channel, MetricDimension.Team, MetricDimension.Agent,
        MetricDimension.Language, MetricDimension.Tag, MetricDimension.Sentiment, MetricDimension.Topic,
    ];

    private static readonly MetricDimension[] InvitationDimensions =
    [
        MetricDimension.Survey, MetricDimension.Touchpoint, MetricDimension.Channel, MetricDimension.Team, MetricDimension.Agent,
        MetricDimension.Language, MetricDimension.Tag,
    ];

    private static readonly MetricDimension[] ConversationDimensions =
    [
        MetricDimension.Channel, MetricDimension.Team, MetricDimension.Agent, MetricDimension.Language, MetricDimension.Tag,
        MetricDimension.Sentiment, MetricDimension.Topic,
    ];

    /// <summary>Pulses know only the team (group) an answer counts in.</summary>
    private static readonly MetricDimension[] PulseDimensions = [MetricDimension.Survey, MetricDimension.Team];

    public static readonly IReadOnlyList<MetricDefinition> All =
    [
        new("nps", MetricFamily.Nps, MetricKind.NetScore, MetricUnit.Points, AnswerDimensions),
        new("csat", MetricFamily.Csat, MetricKind.Proportion, MetricUnit.Percent, AnswerDimensions, SuccessFrom: 4),
        new("csat-mean", MetricFamily.Csat, MetricKind.Mean, MetricUnit.Score, AnswerDimensions),
        new("ces", MetricFamily.Ces, MetricKind.Mean, MetricUnit.Score, AnswerDimensions),
        new("ces-easy", MetricFamily.Ces, MetricKind.Proportion, MetricUnit.Percent, AnswerDimensions, SuccessFrom: 5),
        new("enps", MetricFamily.Enps, MetricKind.NetScore, MetricUnit.Points, PulseDimensions),
        new("response-rate", MetricFamily.Invitation, MetricKind.Proportion, MetricUnit.Percent, InvitationDimensions, SuccessFrom: 1),
        new("first-response-time", MetricFamily.FirstResponse, MetricKind.Quantile, MetricUnit.Seconds, ConversationDimensions),
        new("first-response-time-p90", MetricFamily.FirstResponse, MetricKind.Quantile, MetricUnit.Seconds, ConversationDimensions, Quantile: 0.9),
        new("resolution-time", MetricFamily.Resolution, MetricKind.Quantile, MetricUnit.Seconds, ConversationDimensions),
        new("resolution-time-p90", MetricFamily.Resolution, MetricKind.Quantile, MetricUnit.Seconds, ConversationDimensions, Quantile: 0.9),
        new("fcr", MetricFamily.Fcr, MetricKind.Proportion, MetricUnit.Percent, ConversationDimensions, SuccessFrom: 1),
        new("reopen-rate", MetricFamily.Reopen, MetricKind.Proportion, MetricUnit.Percent, ConversationDimensions, SuccessFrom: 1),
        new("transfers", MetricFamily.Transfers, MetricKind.Mean, MetricUnit.Count, ConversationDimensions),
        new("replies-to-resolve", MetricFamily.Replies, MetricKind.Mean, MetricUnit.Count, ConversationDimensions),
        new("backlog", MetricFamily.BacklogIn, MetricKind.Backlog, MetricUnit.Count, ConversationDimensions),
        new("backlog-age", MetricFamily.OpenAge, MetricKind.BacklogAge, MetricUnit.Days, ConversationDimensions),
        new("loop-closure", MetricFamily.LoopClosure, MetricKind.Proportion, MetricUnit.Percent, AnswerDimensions, SuccessFrom: 1),
        new("time-to-contact", MetricFamily.TimeToContact, MetricKind.Quantile, MetricUnit.Seconds, AnswerDimensions),
        new("repeat-contact", MetricFamily.RepeatContact, MetricKind.Proportion, MetricUnit.Percent, ConversationDimensions, SuccessFrom: 1),
    ];

    private static readonly Dictionary<string, MetricDefinition> ByName = All.ToDictionary(m => m.Name, StringComparer.Ordinal);

    public static MetricDefinition? Find(string? name) => name is not null && ByName.TryGetValue(name, out var metric) ? metric : null;

    public static MetricSource SourceOf(MetricFamily family) => family switch
    {
        MetricFamily.Nps or MetricFamily.Csat or MetricFamily.Ces or MetricFamily.Enps => MetricSource.Answer,
        MetricFamily.Invitation => MetricSource.Invitation,
        MetricFamily.LoopClosure or MetricFamily.TimeToContact => MetricSource.FollowUp,
        _ => MetricSource.Conversation,
    };

    public static bool IsDuration(MetricFamily family) => family is MetricFamily.FirstResponse or MetricFamily.Resolution or MetricFamily.TimeToContact;

    /// <summary>The dimensions each family's facts carry (and so the rollups it keeps): the metric's, for every metric of the family.</summary>
    public static IReadOnlyList<MetricDimension> DimensionsOf(MetricFamily family) => family switch
    {
        MetricFamily.BacklogOut => ConversationDimensions,
        _ => All.First(m => m.Family == family).Dimensions,
    };

    /// <summary>The families each kind of source row produces.</summary>
    public static readonly IReadOnlyDictionary<MetricSource, MetricFamily[]> FamiliesOf = Enum.GetValues<MetricFamily>()
        .GroupBy(SourceOf).ToDictionary(g => g.Key, g => g.ToArray());

    /// <summary>Dimensions whose facts may hold several values at once (a customer's tags, a text's topics).</summary>
    public static bool IsMultiValued(MetricDimension dimension) => dimension is MetricDimension.Tag or MetricDimension.Topic;

    /// <summary>Names as the API's <c>groupBy</c> and <c>filter</c> spell them.</summary>
    public static string NameOf(MetricDimension dimension) => dimension.ToString().ToLowerInvariant();

    public static MetricDimension? ParseDimension(string name) =>
        Enum.TryParse<MetricDimension>(name, ignoreCase: true, out var d) && d != MetricDimension.None && !int.TryParse(name, out _) ? d : null;

    public static readonly string[] Sentiments = ["negative", "neutral", "positive"];
}
