using System.Collections.Concurrent;
using System.Globalization;
using Hamdel.Server.Infrastructure.Localization;

namespace Hamdel.Server.Features.Metrics;

/// <summary>Calendar periods a result can be grouped by.</summary>
public enum PeriodGranularity
{
    Day,
    Week,
    Month,
    Quarter,
    Year,
}

/// <summary>One period of the viewer's calendar as a range of local days (<see cref="DateOnly.DayNumber"/>), with its key in that calendar.</summary>
internal readonly record struct Period(string Key, int Start, int End);

/// <summary>
/// Days to periods of the viewer's calendar (docs/adr/0005): a Jalali month is the days of that
/// Jalali month, not a Gregorian month relabelled. Since rollups are kept per local day, every
/// calendar's periods are exact sums of days. Weeks start on Saturday (Persian), Sunday (Hijri) or
/// Monday (Gregorian, ISO).
/// </summary>
internal static class MetricPeriods
{
    public static Period Of(int day, PeriodGranularity granularity, CalendarKind kind)
    {
        var calendar = Intl.CalendarOf(kind);
        var date = DateOnly.FromDayNumber(day).ToDateTime(TimeOnly.MinValue);
        if (!Supported(calendar, date))
        {
            calendar = Intl.CalendarOf(CalendarKind.Gregorian);
            kind = CalendarKind.Gregorian;
        }
        var year = calendar.GetYear(date);
        var month = calendar.GetMonth(date);
        var inv = CultureInfo.InvariantCulture;
        switch (granularity)
        {
            case PeriodGranularity.Day:
                return new Period(string.Create(inv, $"{year:0000}-{month:00}-{calendar.GetDayOfMonth(date):00}"), day, day);
            case PeriodGranularity.Week:
                var first = kind switch { CalendarKind.Persian => DayOfWeek.Saturday, CalendarKind.UmAlQura => DayOfWeek.Sunday, _ => DayOfWeek.Monday };
                var start = day - ((int)date.DayOfWeek - (int)first + 7) % 7;
                var startDate = DateOnly.FromDayNumber(start).ToDateTime(TimeOnly.MinValue);
                var key = Supported(calendar, startDate)
                    ? string.Create(inv, $"{calendar.GetYear(startDate):0000}-{calendar.GetMonth(startDate):00}-{calendar.GetDayOfMonth(startDate):00}")
                    : DateOnly.FromDayNumber(start).ToString("yyyy-MM-dd", inv);
                return new Period(key, start, start + 6);
            case PeriodGranularity.Month:
                return Months(calendar, year, month, 1, string.Create(inv, $"{year:0000}-{month:00}"));
            case PeriodGranularity.Quarter:
                var quarter = (month - 1) / 3 + 1;
                return Months(calendar, year, (quarter - 1) * 3 + 1, 3, string.Create(inv, $"{year:0000}-Q{quarter}"));
            default:
                return Months(calendar, year, 1, calendar.GetMonthsInYear(year), string.Create(inv, $"{year:0000}"));
        }
    }

    /// <summary>Every period that overlaps the days from…to, in order.</summary>
    public static List<Period> Between(int from, int to, PeriodGranularity granularity, CalendarKind kind)
    {
        var periods = new List<Period>();
        for (var day = from; day <= to;)
        {
            var period = Of(day, granularity, kind);
            periods.Add(period);
            day = period.End + 1;
        }
        return periods;
    }

    private static Period Months(Calendar calendar, int year, int firstMonth, int months, string key)
    {
        var start = DateOnly.FromDateTime(calendar.ToDateTime(year, firstMonth, 1, 0, 0, 0, 0)).DayNumber;
        var days = 0;
        for (var m = firstMonth; m < firstMonth + months; m++)
        {
            days += calendar.GetDaysInMonth(year, m);
        }
        return new Period(key, start, start + days - 1);
    }

    private static bool Supported(Calendar calendar, DateTime date) => date >= calendar.MinSupportedDateTime && date <= calendar.MaxSupportedDateTime.AddYears(-1);

    public static PeriodGranularity? Parse(string name) => name switch
    {
        "day" => PeriodGranularity.Day,
        "week" => PeriodGranularity.Week,
        "month" => PeriodGranularity.Month,
        "quarter" => PeriodGranularity.Quarter,
        "year" => PeriodGranularity.Year,
        _ => null,
    };

    public static string Format(int day) => DateOnly.FromDayNumber(day).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static readonly CalendarKind[] Calendars = [CalendarKind.Gregorian, CalendarKind.Persian, CalendarKind.UmAlQura];

    /// <summary>The rollup buckets a local day counts in: the day itself, then its month in each calendar (made once per day).</summary>
    public static int[] Buckets(int day) => BucketsOfDay.GetOrAdd(day, static d => [d, .. MonthCodes(d)]);

    private static readonly ConcurrentDictionary<int, int[]> BucketsOfDay = new();

    /// <summary>
    /// The month buckets a day also counts in, one per calendar: stored in the rollups' day column as
    /// negative codes −(calendar·1,000,000 + year·100 + month), so that a month of any calendar is one
    /// row instead of thirty (docs/adr/0021). Day buckets stay positive and never mix with them.
    /// </summary>
    public static IEnumerable<int> MonthCodes(int day)
    {
        var date = DateOnly.FromDayNumber(day).ToDateTime(TimeOnly.MinValue);
        foreach (var kind in Calendars)
        {
            var calendar = Intl.CalendarOf(kind);
            if (Supported(calendar, date))
            {
                yield return MonthCode(kind, calendar.GetYear(date), calendar.GetMonth(date));
            }
        }
    }

    public static int MonthCode(CalendarKind kind, int year, int month) => -((int)(kind + 1) * 1_000_000 + year * 100 + month);

    /// <summary>
    /// Splits days from…to into the whole months of a calendar inside it (their codes and first days)
    /// and the days left over at either end.
    /// </summary>
    public static (List<(int Code, int Start)> Months, List<(int From, int To)> Days) Split(int from, int to, CalendarKind kind)
    {
        var months = new List<(int, int)>();
        var days = new List<(int, int)>();
        var calendar = Intl.CalendarOf(kind);
        var cursor = from;
        while (cursor <= to)
        {
            var date = DateOnly.FromDayNumber(cursor).ToDateTime(TimeOnly.MinValue);
            if (!Supported(calendar, date))
            {
                days.Add((cursor, to));
                break;
            }
            var month = Months(calendar, calendar.GetYear(date), calendar.GetMonth(date), 1, "");
            if (month.Start == cursor && month.End <= to)
            {
                months.Add((MonthCode(kind, calendar.GetYear(date), calendar.GetMonth(date)), month.Start));
            }
            else
            {
                days.Add((cursor, Math.Min(month.End, to)));
            }
            cursor = month.End + 1;
        }
        return (months, days);
    }
}
