using System.Globalization;
using Hamdel.Server.Features.Metrics;
using Hamdel.Server.Infrastructure.Localization;

namespace Hamdel.Server.Components.Pages.Metrics;

/// <summary>Metric values, periods and group names as a viewer reads them: their digits, calendar and language.</summary>
internal static class MetricFormat
{
    public static string Value(double? value, MetricDefinition metric, ViewerPreferences viewer)
    {
        if (value is not { } v)
        {
            return "—";
        }
        var culture = viewer.Culture;
        return metric.Unit switch
        {
            MetricUnit.Points => Intl.FormatNumber(v, viewer, 1),
            MetricUnit.Percent => Intl.FormatNumber(v, viewer, 1) + Strings.Get("Unit.Percent", culture),
            MetricUnit.Score => Intl.FormatNumber(v, viewer, 2),
            MetricUnit.Seconds => Duration(v, viewer),
            MetricUnit.Days => Intl.FormatNumber(v, viewer, 0) + " " + Strings.Get("Unit.Days", culture),
            _ => Intl.FormatNumber(v, viewer, metric.Kind == MetricKind.Backlog ? 0 : 2),
        };
    }

    public static string Duration(double seconds, ViewerPreferences viewer)
    {
        var culture = viewer.Culture;
        var (key, amount, decimals) = seconds switch
        {
            < 60 => ("Duration.Seconds", seconds, 0),
            < 3600 => ("Duration.Minutes", seconds / 60, seconds < 600 ? 1 : 0),
            < 86400 * 2 => ("Duration.Hours", seconds / 3600, 1),
            _ => ("Duration.Days", seconds / 86400, 1),
        };
        return string.Format(culture, Strings.Get(key, culture), Intl.FormatNumber(amount, viewer, decimals));
    }

    public static string Interval(double? low, double? high, MetricDefinition metric, ViewerPreferences viewer) =>
        low is null && high is null ? "" : $"{Value(low, metric, viewer)} – {Value(high, metric, viewer)}";

    /// <summary>A period key of the viewer's calendar (1404-01, 2025-Q1, 1404-01-05) in their words and digits.</summary>
    public static string Period(string key, string granularity, ViewerPreferences viewer)
    {
        var parts = key.Split('-');
        if (granularity == "month" && parts.Length == 2 && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var month))
        {
            return Intl.LocalizeDigits($"{Intl.MonthName(viewer.Calendar, month, viewer.Culture)} {parts[0]}", viewer.Language);
        }
        return Intl.LocalizeDigits(key.Replace('-', '/'), viewer.Language);
    }

    /// <summary>A group's value in words: a name, a language, a sentiment, or "(none)".</summary>
    public static string Group(string dimension, string key, IReadOnlyDictionary<string, string> labels, IReadOnlyDictionary<string, string> topics, ViewerPreferences viewer)
    {
        var culture = viewer.Culture;
        if (key.Length == 0)
        {
            return Strings.Get("Metrics.None", culture);
        }
        if (labels.TryGetValue($"{dimension}:{key}", out var label))
        {
            return label;
        }
        return dimension switch
        {
            "sentiment" => Strings.Get($"Sentiment.{key}", culture),
            "language" => Strings.Get($"Language.{key}", culture),
            "topic" => topics.GetValueOrDefault(key, key),
            _ => key.Length == 32 ? key[..8] : key,
        };
    }

    /// <summary>The class of a change: green when it is a significant improvement, red when a significant worsening, grey within chance.</summary>
    public static string ChangeClass(MetricChange change, MetricDefinition metric) =>
        !change.Significant ? "muted" : (change.Difference >= 0) != metric.LowerIsBetter ? "metric-change-up" : "metric-change-down";

    /// <summary>Today's local date in a time zone, as yyyy-MM-dd.</summary>
    public static DateOnly Today(DateTimeOffset now, string? zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Intl.FindTimeZone(zone) ?? TimeZoneInfo.Utc).DateTime);

    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
