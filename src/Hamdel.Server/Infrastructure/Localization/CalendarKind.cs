namespace Hamdel.Server.Infrastructure.Localization;

/// <summary>The calendar a person reads dates in.</summary>
public enum CalendarKind
{
    Gregorian,
    /// <summary>Solar Hijri (Jalali), the civil calendar of Iran and Afghanistan.</summary>
    Persian,
    /// <summary>Hijri, Umm al-Qura tables as used in Saudi Arabia.</summary>
    UmAlQura,
}
