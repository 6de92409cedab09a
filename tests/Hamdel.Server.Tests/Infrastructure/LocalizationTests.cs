using System.Collections;
using System.Globalization;
using System.Text.RegularExpressions;
using Hamdel.Server.Infrastructure.Localization;

namespace Hamdel.Server.Tests.Infrastructure;

public sealed partial class LocalizationTests
{
    private static readonly TimeZoneInfo Tehran = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tehran");
    private static readonly TimeZoneInfo Riyadh = TimeZoneInfo.FindSystemTimeZoneById("Asia/Riyadh");

    [Fact]
    public void FormatDate_PersianCalendar_NowruzIsFirstOfFarvardinInPersianDigits()
    {
        // 21 March 2025, 00:30 in Tehran is 20 March 21:00 UTC: the date must be taken in Tehran.
        var nowruz = new DateTimeOffset(2025, 3, 20, 21, 0, 0, TimeSpan.Zero);
        var viewer = new ViewerPreferences("fa", CalendarKind.Persian, Tehran);

        Assert.Equal("۱۴۰۴/۰۱/۰۱", Intl.FormatDate(nowruz, viewer));
        Assert.Equal("۱ فروردین ۱۴۰۴", Intl.FormatDate(nowruz, viewer, DateStyle.Full));
        Assert.Equal("1404/01/01", Intl.FormatDate(nowruz, viewer with { Language = "en" }));
        Assert.Equal("1 Farvardin 1404", Intl.FormatDate(nowruz, viewer with { Language = "en" }, DateStyle.Full));
    }

    [Fact]
    public void FormatDate_UmAlQura_FirstOfRamadan1446InArabicIndicDigits()
    {
        // 1 Ramadan 1446 AH (Umm al-Qura) is 1 March 2025.
        var day = new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);
        var viewer = new ViewerPreferences("ar", CalendarKind.UmAlQura, Riyadh);

        Assert.Equal("١٤٤٦/٠٩/٠١", Intl.FormatDate(day, viewer));
        Assert.Equal("١ رمضان ١٤٤٦", Intl.FormatDate(day, viewer, DateStyle.Full));
        Assert.Equal("١٤٤٦/٠٩/٠١ ١٢:٠٠", Intl.FormatDate(day, viewer, DateStyle.CompactWithTime));
    }

    [Fact]
    public void FormatDate_GregorianEnglish_IsoLikeAndLong()
    {
        var day = new DateTimeOffset(2025, 3, 21, 9, 5, 0, TimeSpan.Zero);
        var viewer = new ViewerPreferences("en", CalendarKind.Gregorian, TimeZoneInfo.Utc);
        Assert.Equal("2025-03-21 09:05", Intl.FormatDate(day, viewer, DateStyle.CompactWithTime));
        Assert.Equal("Friday 21 March 2025, 09:05", Intl.FormatDate(day, viewer, DateStyle.FullWithTime));
    }

    [Theory]
    [InlineData("fa", "۱٬۲۳۴٬۵۶۷٫۵")]
    [InlineData("ar", "١٬٢٣٤٬٥٦٧٫٥")]
    [InlineData("en", "1,234,567.5")]
    public void FormatNumber_UsesTheLanguagesDigitsAndSeparators(string language, string expected) =>
        Assert.Equal(expected, Intl.FormatNumber(1234567.5, new ViewerPreferences(language, CalendarKind.Gregorian, TimeZoneInfo.Utc), 1));

    [Fact]
    public void Resources_EveryKeyTranslatedInPersianAndArabicWithTheSamePlaceholders()
    {
        var english = Read(CultureInfo.InvariantCulture);
        Assert.True(english.Count > 100);
        foreach (var language in new[] { "fa", "ar" })
        {
            var translated = Read(CultureInfo.GetCultureInfo(language));
            var missing = english.Keys.Except(translated.Keys).ToList();
            Assert.True(missing.Count == 0, $"{language} lacks: {string.Join(", ", missing)}");
            foreach (var (key, text) in english)
            {
                Assert.False(string.IsNullOrWhiteSpace(translated[key]), $"{language}:{key} is empty");
                Assert.Equal(Placeholders(text), Placeholders(translated[key]));
            }
        }
    }

    private static Dictionary<string, string> Read(CultureInfo culture)
    {
        var set = Strings.Manager.GetResourceSet(culture, createIfNotExists: true, tryParents: false)
            ?? throw new InvalidOperationException($"No resources for '{culture.Name}'");
        return set.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!);
    }

    private static List<string> Placeholders(string text) => [.. Placeholder().Matches(text).Select(m => m.Value).Order()];

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();
}
