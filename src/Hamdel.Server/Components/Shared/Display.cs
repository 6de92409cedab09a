using System.Globalization;
using Hamdel.Server.Features.Conversations;
using Hamdel.Server.Features.Customers;
using Hamdel.Server.Infrastructure.Localization;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace Hamdel.Server.Components.Shared;

/// <summary>How the UI shows small recurring things: durations, sizes, ids people quote, and the icons and colours of kinds and states.</summary>
internal static class Display
{
    /// <summary>A whole number as people quote it (a conversation's #1042): no group separators, the viewer's digits.</summary>
    public static string Plain(long value, ViewerPreferences viewer) =>
        Intl.LocalizeDigits(value.ToString(CultureInfo.InvariantCulture), viewer.Language);

    /// <summary>"now", "5 min", "3 h", "2 d": how long ago, or how long someone has waited.</summary>
    public static string Since(TimeSpan elapsed, ViewerPreferences viewer, IStringLocalizer L) =>
        elapsed < TimeSpan.FromMinutes(1) ? L["Time.Now"] : Duration(elapsed, viewer, L);

    /// <summary>"&lt; 1 min", "5 min", "3 h", "2 d": how long something took.</summary>
    public static string Duration(TimeSpan elapsed, ViewerPreferences viewer, IStringLocalizer L)
    {
        if (elapsed < TimeSpan.FromMinutes(1))
        {
            return L["Time.UnderMinute"];
        }
        var (key, amount) = elapsed switch
        {
            _ when elapsed < TimeSpan.FromHours(1) => ("Time.Minutes", (long)elapsed.TotalMinutes),
            _ when elapsed < TimeSpan.FromDays(1) => ("Time.Hours", (long)elapsed.TotalHours),
            _ => ("Time.Days", (long)elapsed.TotalDays),
        };
        return L[key, Intl.FormatNumber(amount, viewer)];
    }

    public static string FileSize(long bytes, ViewerPreferences viewer, IStringLocalizer L) => bytes switch
    {
        < 1024 => L["Size.Bytes", Intl.FormatNumber(bytes, viewer)],
        < 1024 * 1024 => L["Size.KB", Intl.FormatNumber(Math.Ceiling(bytes / 1024.0), viewer)],
        _ => L["Size.MB", Intl.FormatNumber(bytes / (1024.0 * 1024.0), viewer, 1)],
    };

    public static string ChannelIcon(string kind) => kind switch
    {
        "api" => Icons.Material.Outlined.Api,
        "web-form" => Icons.Material.Outlined.Feed,
        "email" => Icons.Material.Outlined.Email,
        _ => Icons.Material.Outlined.Forum,
    };

    public static string IdentityIcon(IdentityKind kind) => kind switch
    {
        IdentityKind.Email => Icons.Material.Outlined.Email,
        IdentityKind.Phone => Icons.Material.Outlined.Phone,
        _ => Icons.Material.Outlined.AlternateEmail,
    };

    public static Color StatusColor(ConversationStatus status) => status switch
    {
        ConversationStatus.Open => Color.Info,
        ConversationStatus.Pending => Color.Warning,
        ConversationStatus.Snoozed => Color.Secondary,
        ConversationStatus.Resolved => Color.Success,
        _ => Color.Dark,
    };

    public static Color PriorityColor(ConversationPriority priority) => priority switch
    {
        ConversationPriority.Urgent => Color.Error,
        ConversationPriority.High => Color.Warning,
        ConversationPriority.Low => Color.Default,
        _ => Color.Primary,
    };

    /// <summary>A channel kind's name in the reader's language ("API", "Web form").</summary>
    public static string ChannelKind(string kind, IStringLocalizer L) =>
        L[$"ChannelKind.{kind}"] is { ResourceNotFound: false } name ? name : kind;

    /// <summary>
    /// The culture MudBlazor's date picker draws its calendar with: one whose calendar is the viewer's
    /// (.NET lets a culture take only its own calendars, so Jalali comes with Persian month names and
    /// Umm al-Qura with Arabic ones).
    /// </summary>
    public static CultureInfo PickerCulture(ViewerPreferences viewer) => viewer.Calendar switch
    {
        CalendarKind.Persian => Jalali,
        CalendarKind.UmAlQura => Hijri,
        _ when viewer.Language == "fa" => PersianGregorian,
        _ when viewer.Language == "ar" => ArabicGregorian,
        _ => viewer.Culture,
    };

    private static readonly CultureInfo Jalali = PickerCultureOf("fa-IR", null);
    private static readonly CultureInfo Hijri = PickerCultureOf("ar-SA", null);
    private static readonly CultureInfo PersianGregorian = PickerCultureOf("fa-IR", new GregorianCalendar());
    private static readonly CultureInfo ArabicGregorian = PickerCultureOf("ar", new GregorianCalendar());

    /// <summary>The picker heads its columns with the "abbreviated" day names, which in Persian and Arabic are the whole names and do not fit: use the one-letter ones.</summary>
    private static CultureInfo PickerCultureOf(string name, Calendar? calendar)
    {
        var culture = (CultureInfo)CultureInfo.GetCultureInfo(name).Clone();
        if (calendar is not null)
        {
            culture.DateTimeFormat.Calendar = calendar;
        }
        culture.DateTimeFormat.AbbreviatedDayNames = culture.DateTimeFormat.ShortestDayNames;
        return CultureInfo.ReadOnly(culture);
    }

    /// <summary>A typed customer attribute as the viewer reads it: numbers and dates in their digits and calendar.</summary>
    public static string AttributeValue(AttributeType type, string value, ViewerPreferences viewer, IStringLocalizer L) => type switch
    {
        AttributeType.Number when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) =>
            Intl.LocalizeDigits(number.ToString("#,0.##########", viewer.Culture), viewer.Language),
        // A date has no time zone: show the same calendar day wherever the viewer is.
        AttributeType.Date when DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) =>
            Intl.FormatDate(new DateTimeOffset(date.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero), viewer with { TimeZone = TimeZoneInfo.Utc }, DateStyle.Full),
        AttributeType.Boolean => value == "true" ? L["Common.Yes"] : L["Common.No"],
        _ => value,
    };
}
