using System.Text.Json;
using System.Text.Json.Serialization;
using Hamdel.Server.Infrastructure.Localization;

namespace Hamdel.Server.Features.Surveys;

public enum QuestionType
{
    /// <summary>0–10, "how likely are you to recommend us".</summary>
    Nps,
    /// <summary>1–5, "how satisfied".</summary>
    Csat,
    /// <summary>1–7, "how easy was it".</summary>
    Ces,
    /// <summary>1–<see cref="SurveyDefinition.Scale"/> (3–10).</summary>
    Rating,
    SingleChoice,
    MultipleChoice,
    /// <summary>Only a comment.</summary>
    Text,
}

/// <summary>A text in each language; a missing one falls back to English, then to any.</summary>
public sealed record LocalizedText(string? En = null, string? Fa = null, string? Ar = null)
{
    public string? For(string language) => language switch
    {
        "fa" => Fa,
        "ar" => Ar,
        _ => En,
    } is { Length: > 0 } text ? text : new[] { En, Fa, Ar }.FirstOrDefault(t => !string.IsNullOrEmpty(t));

    public bool IsEmpty => string.IsNullOrWhiteSpace(En) && string.IsNullOrWhiteSpace(Fa) && string.IsNullOrWhiteSpace(Ar);

    public IEnumerable<(string Language, string? Text)> All() => [("en", En), ("fa", Fa), ("ar", Ar)];
}

public sealed record ChoiceOption(string Key, LocalizedText Text);

/// <summary>What a survey asks, as one version stores it.</summary>
public sealed record SurveyDefinition(
    QuestionType Type,
    LocalizedText Question,
    LocalizedText? Intro = null,
    LocalizedText? LowLabel = null,
    LocalizedText? HighLabel = null,
    int? Scale = null,
    IReadOnlyList<ChoiceOption>? Options = null,
    LocalizedText? FollowUpNegative = null,
    LocalizedText? FollowUpPositive = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string Serialize() => JsonSerializer.Serialize(this, Json);

    public static SurveyDefinition Parse(string json) => JsonSerializer.Deserialize<SurveyDefinition>(json, Json)
        ?? throw new JsonException("Empty survey definition.");

    public bool IsScale => Type is QuestionType.Nps or QuestionType.Csat or QuestionType.Ces or QuestionType.Rating;

    public int Min => Type == QuestionType.Nps ? 0 : 1;

    public int Max => Type switch
    {
        QuestionType.Nps => 10,
        QuestionType.Csat => 5,
        QuestionType.Ces => 7,
        QuestionType.Rating => Scale ?? 5,
        _ => 0,
    };

    /// <summary>
    /// An unhappy answer, which asks "what should we improve?" and opens a follow-up case: NPS ≤ 6,
    /// CSAT ≤ 2, CES ≥ 5 (effort: high is bad), a rating in the lowest two fifths.
    /// </summary>
    public bool IsNegative(int score) => Type switch
    {
        QuestionType.Nps => score <= 6,
        QuestionType.Csat => score <= 2,
        QuestionType.Ces => score >= 5,
        QuestionType.Rating => score <= Math.Max(1, Max * 2 / 5),
        _ => false,
    };

    /// <summary>The follow-up question for this score (negative, positive), or null when none is set.</summary>
    public string? FollowUpFor(int? score, string language) =>
        (score is { } s && IsNegative(s) ? FollowUpNegative : FollowUpPositive)?.For(language);

    /// <summary>The end labels for a language, with the product's own wording when the survey has none.</summary>
    public (string Low, string High) Labels(string language)
    {
        var culture = Intl.Culture(language);
        var (low, high) = Type switch
        {
            QuestionType.Nps => ("Survey.NpsLow", "Survey.NpsHigh"),
            QuestionType.Ces => ("Survey.CesLow", "Survey.CesHigh"),
            _ => ("Survey.CsatLow", "Survey.CsatHigh"),
        };
        return (LowLabel?.For(language) ?? Strings.Get(low, culture), HighLabel?.For(language) ?? Strings.Get(high, culture));
    }
}

/// <summary>Rules shared by the survey use cases.</summary>
internal static class SurveyRules
{
    public const int CommentLength = 4000;
    public const int QuestionLength = 500;

    /// <summary>The language to ask in: the customer's, else the conversation's, else the workspace's.</summary>
    public static string Language(params string?[] candidates) =>
        candidates.FirstOrDefault(Intl.IsSupportedLanguage) ?? "en";
}
