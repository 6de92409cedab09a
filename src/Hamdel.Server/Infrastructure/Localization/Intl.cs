using System.Globalization;

namespace Hamdel.Server.Infrastructure.Localization;

/// <summary>How dates, times and numbers are shown to one person.</summary>
public sealed record ViewerPreferences(string Language, CalendarKind Calendar, TimeZoneInfo TimeZone)
{
    public static readonly ViewerPreferences Default = new("en", CalendarKind.Gregorian, TimeZoneInfo.Utc);

    public CultureInfo Culture => Intl.Culture(Language);
    public bool IsRightToLeft => Intl.IsRightToLeft(Language);
}

public enum DateStyle
{
    /// <summary>1404/01/01 — compact, for tables.</summary>
    Compact,
    /// <summary>1 Farvardin 1404.</summary>
    Full,
    /// <summary>1404/01/01 14:05.</summary>
    CompactWithTime,
    /// <summary>Friday 1 Farvardin 1404, 14:05.</summary>
    FullWithTime,
}

/// <summary>
/// Languages, calendars and digits. Dates are built from the chosen calendar's own year, month and
/// day (a Jalali month is a real Jalali month), in the viewer's time zone, with month names from the
/// resources of the viewer's language, and digits in the language's own script.
/// </summary>
internal static class Intl
{
    public static readonly string[] Languages = ["en", "fa", "ar"];

    private static readonly Calendar PersianCalendar = new PersianCalendar();
    private static readonly Calendar UmAlQuraCalendar = new UmAlQuraCalendar();
    private static readonly Calendar GregorianCalendar = new GregorianCalendar();

    public static bool IsSupportedLanguage(string? language) => language is not null && Languages.Contains(language);

    public static CultureInfo Culture(string language) => CultureInfo.GetCultureInfo(IsSupportedLanguage(language) ? language : "en");

    public static bool IsRightToLeft(string language) => language is "fa" or "ar";

    public static Calendar CalendarOf(CalendarKind kind) => kind switch
    {
        CalendarKind.Persian => PersianCalendar,
        CalendarKind.UmAlQura => UmAlQuraCalendar,
        _ => GregorianCalendar,
    };

    /// <summary>Finds an IANA (or Windows) time zone, or null when the id is unknown.</summary>
    public static TimeZoneInfo? FindTimeZone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return null;
        }
        return TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : null;
    }

    /// <summary>Replaces ASCII digits with the language's own digits (Persian ۰–۹, Arabic-Indic ٠–٩).</summary>
    public static string LocalizeDigits(string text, string language)
    {
        var zero = language switch
        {
            "fa" => '\u06F0',
            "ar" => '\u0660',
            _ => '0',
        };
        if (zero == '0')
        {
            return text;
        }
        return string.Create(text.Length, (text, zero), static (span, state) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                var c = state.text[i];
                span[i] = c is >= '0' and <= '9' ? (char)(state.zero + (c - '0')) : c;
            }
        });
    }

    public static string FormatNumber(double value, ViewerPreferences viewer, int decimals = 0) =>
        LocalizeDigits(value.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), viewer.Culture), viewer.Language);

    public static string FormatNumber(long value, ViewerPreferences viewer) =>
        LocalizeDigits(value.ToString("N0", viewer.Culture), viewer.Language);

    public static string FormatDate(DateTimeOffset instant, ViewerPreferences viewer, DateStyle style = DateStyle.Compact)
    {
        var local = TimeZoneInfo.ConvertTime(instant, viewer.TimeZone).DateTime;
        var calendar = CalendarOf(viewer.Calendar);
        var year = calendar.GetYear(local);
        var month = calendar.GetMonth(local);
        var day = calendar.GetDayOfMonth(local);
        var culture = viewer.Culture;
        var inv = CultureInfo.InvariantCulture;

        var text = style switch
        {
            DateStyle.Compact or DateStyle.CompactWithTime => viewer.Language == "en" && viewer.Calendar == CalendarKind.Gregorian
                ? local.ToString("yyyy-MM-dd", inv)
                : string.Create(inv, $"{year:0000}/{month:00}/{day:00}"),
            _ => LongDate(viewer, local, year, month, day, culture, style == DateStyle.FullWithTime),
        };
        if (style == DateStyle.CompactWithTime)
        {
            text += " " + local.ToString("HH:mm", inv);
        }
        return LocalizeDigits(text, viewer.Language);
    }

    /// <summary>The name of a month of the viewer's calendar, in the viewer's language.</summary>
    public static string MonthName(CalendarKind calendar, int month, CultureInfo culture) =>
        Strings.Get($"Month.{calendar}.{month}", culture);

    private static string LongDate(ViewerPreferences viewer, DateTime local, int year, int month, int day, CultureInfo culture, bool withTime)
    {
        var monthName = MonthName(viewer.Calendar, month, culture);
        var inv = CultureInfo.InvariantCulture;
        var date = string.Create(inv, $"{day} {monthName} {year}");
        if (!withTime)
        {
            return date;
        }
        var weekday = culture.DateTimeFormat.GetDayName(local.DayOfWeek);
        var separator = viewer.Language == "en" ? ", " : "، ";
        return weekday + " " + date + separator + local.ToString("HH:mm", inv);
    }
}
