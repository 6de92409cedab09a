using System.Security.Claims;
using Hamdel.Server.Infrastructure.Localization;

namespace Hamdel.Server.Infrastructure.Auth;

/// <summary>Claims Hamdel puts on a signed-in person, so preferences need no database trip per request.</summary>
internal static class HamdelClaims
{
    public const string Language = "hamdel:lang";
    public const string Calendar = "hamdel:cal";
    public const string TimeZone = "hamdel:tz";
    public const string DisplayName = "hamdel:name";
    public const string InstanceAdmin = "hamdel:instance_admin";
    public const string TokenId = "hamdel:token";

    public static Guid? UserId(this ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public static Guid RequiredUserId(this ClaimsPrincipal principal) =>
        principal.UserId() ?? throw new InvalidOperationException("The endpoint requires an authenticated user.");

    public static bool IsInstanceAdmin(this ClaimsPrincipal principal) => principal.HasClaim(InstanceAdmin, "true");

    public static ViewerPreferences Viewer(this ClaimsPrincipal principal)
    {
        var language = principal.FindFirstValue(Language);
        return new ViewerPreferences(
            Intl.IsSupportedLanguage(language) ? language! : System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName is var ui && Intl.IsSupportedLanguage(ui) ? ui : "en",
            Enum.TryParse<CalendarKind>(principal.FindFirstValue(Calendar), out var calendar) ? calendar : DefaultCalendar(language),
            Intl.FindTimeZone(principal.FindFirstValue(TimeZone)) ?? TimeZoneInfo.Utc);
    }

    private static CalendarKind DefaultCalendar(string? language) => language switch
    {
        "fa" => CalendarKind.Persian,
        _ => CalendarKind.Gregorian,
    };

    /// <summary>The claims every sign-in (cookie or token) carries.</summary>
    public static IEnumerable<Claim> For(Guid userId, string email, string displayName, string language, CalendarKind calendar, string timeZone, bool instanceAdmin)
    {
        yield return new Claim(ClaimTypes.NameIdentifier, userId.ToString());
        yield return new Claim(ClaimTypes.Name, email);
        yield return new Claim(ClaimTypes.Email, email);
        yield return new Claim(DisplayName, displayName);
        yield return new Claim(Language, language);
        yield return new Claim(Calendar, calendar.ToString());
        yield return new Claim(TimeZone, timeZone);
        if (instanceAdmin)
        {
            yield return new Claim(InstanceAdmin, "true");
        }
    }
}
