using Hamdel.Server.Features.Metrics;
using Hamdel.Server.Infrastructure.Localization;

namespace Hamdel.Server.Tests.Features.Metrics;

/// <summary>The statistics against examples computed by hand (and checked against published tables).</summary>
public sealed class MetricStatisticsTests
{
    [Fact]
    public void Nps_TenAnswersByHand_ValueAndIntervalFromTheVarianceOfTheDifference()
    {
        // 10, 10, 9, 9, 9 (5 promoters), 8, 7 (passives), 6, 3, 0 (3 detractors): NPS = 50% − 30% = 20.
        // Var = (p + d − (p − d)²) / n = (0.5 + 0.3 − 0.04) / 10 = 0.076; 1.96·√0.076 = 0.540326.
        var nps = MetricStatistics.Nps(promoters: 5, detractors: 3, n: 10);
        Assert.Equal(20, nps.Value, 9);
        Assert.Equal(-34.0325, nps.Low!.Value, 1e-3);
        Assert.Equal(74.0325, nps.High!.Value, 1e-3);
    }

    [Fact]
    public void Nps_AllPromoters_IntervalClampedTo100()
    {
        var nps = MetricStatistics.Nps(12, 0, 12);
        Assert.Equal((100.0, 100.0, 100.0), (nps.Value, nps.Low!.Value, nps.High!.Value));
    }

    [Fact]
    public void Proportion_EightOfTen_WilsonInterval()
    {
        // Wilson 95% for 8/10 is 0.4902 … 0.9433 (Newcombe 1998, table I).
        var p = MetricStatistics.Proportion(8, 10);
        Assert.Equal(80, p.Value, 9);
        Assert.Equal(49.02, p.Low!.Value, 2);
        Assert.Equal(94.33, p.High!.Value, 2);
    }

    [Fact]
    public void Proportion_ZeroOfFive_LowerBoundZeroUpperBoundAboveZero()
    {
        var p = MetricStatistics.Proportion(0, 5);
        Assert.Equal(0, p.Low!.Value, 9);
        Assert.Equal(43.45, p.High!.Value, 2);
    }

    [Theory]
    [InlineData(1, 12.706205)]
    [InlineData(4, 2.776445)]
    [InlineData(9, 2.262157)]
    [InlineData(29, 2.045230)]
    [InlineData(1000, 1.962339)]
    public void StudentTQuantile_975_MatchesTables(int df, double expected) =>
        Assert.Equal(expected, MetricStatistics.StudentTQuantile(0.975, df), 2e-6);

    [Fact]
    public void Mean_OneToFive_TInterval()
    {
        // mean 3, s² = 2.5, se = √0.5; t(0.975, 4) = 2.776445 → 3 ± 1.963243.
        var mean = MetricStatistics.Mean(5, 15, 55);
        Assert.Equal(3, mean.Value, 9);
        Assert.Equal(1.036757, mean.Low!.Value, 5);
        Assert.Equal(4.963243, mean.High!.Value, 5);
    }

    [Fact]
    public void NormalCdf_KnownPoints()
    {
        Assert.Equal(0.5, MetricStatistics.NormalCdf(0), 9);
        Assert.Equal(0.9750021, MetricStatistics.NormalCdf(1.96), 6);
        Assert.Equal(0.0227501, MetricStatistics.NormalCdf(-2), 6);
    }

    [Fact]
    public void CompareProportions_60Versus40OfHundred_Significant()
    {
        // Pooled p = 0.5, se = √(0.25 · 0.02) = 0.0707107, z = 2.828427, two-sided p = 0.004678.
        var d = MetricStatistics.CompareProportions(60, 100, 40, 100);
        Assert.Equal(20, d.Value, 9);
        Assert.Equal(0.004678, d.PValue!.Value, 5);
        Assert.True(d.Significant);
    }

    [Fact]
    public void CompareProportions_SmallSamples_NotSignificant()
    {
        var d = MetricStatistics.CompareProportions(3, 5, 2, 5);
        Assert.False(d.Significant);
    }

    [Fact]
    public void CompareNps_SameScores_NotSignificant_AndLargeGap_Significant()
    {
        Assert.False(MetricStatistics.CompareNps((50, 20, 100), (48, 22, 100)).Significant);
        // (70 − 10)/200 − (30 − 40)/200 = 0.30 + 0.05: 35 points.
        var gap = MetricStatistics.CompareNps((70, 10, 200), (30, 40, 200));
        Assert.Equal(35, gap.Value, 9);
        Assert.True(gap.Significant);
    }

    [Fact]
    public void CompareMeans_Welch_ByHand()
    {
        // a = 1..5 (mean 3, var 2.5), b = 4..8 (mean 6, var 2.5): t = −3 / √1 = −3, df = 8, p = 0.017072.
        var d = MetricStatistics.CompareMeans((5, 15, 55), (5, 30, 190));
        Assert.Equal(-3, d.Value, 9);
        Assert.Equal(0.017072, d.PValue!.Value, 4);
        Assert.True(d.Significant);
    }

    [Fact]
    public void DurationSketch_EveryValue_WithinTheStatedRelativeError()
    {
        var random = new Random(5);
        for (var i = 0; i < 20_000; i++)
        {
            var seconds = (long)Math.Exp(random.NextDouble() * 18);
            var value = DurationSketch.ValueOf(DurationSketch.BinOf(seconds));
            Assert.True(Math.Abs(value - seconds) <= DurationSketch.RelativeError * seconds + 1e-9, $"{seconds} s read back as {value}");
        }
        Assert.Equal(0, DurationSketch.ValueOf(DurationSketch.BinOf(0)));
    }

    [Fact]
    public void DurationSketch_Median_IsTheNearestRankValueWithinTwoPercent_AndMergesExactly()
    {
        long[] first = [60, 120, 180, 240, 300];
        long[] second = [3600, 7200, 10800, 14400];
        var a = new DurationSketch();
        var b = new DurationSketch();
        foreach (var v in first) { a.Add(DurationSketch.BinOf(v), 1); }
        foreach (var v in second) { b.Add(DurationSketch.BinOf(v), 1); }
        a.Merge(b);
        // Nine values, the median is the 5th: 300 s.
        Assert.Equal(9, a.Count);
        Assert.Equal(300, a.Quantile(0.5).Value, 300 * DurationSketch.RelativeError);
        // p90: rank ⌈8.1⌉ = 9: 14,400 s.
        Assert.Equal(14400, a.Quantile(0.9).Value, 14400 * DurationSketch.RelativeError);
    }

    [Fact]
    public void MedianTest_DifferentDistributions_Significant()
    {
        var fast = new DurationSketch();
        var slow = new DurationSketch();
        for (var i = 0; i < 60; i++)
        {
            fast.Add(DurationSketch.BinOf(60 + i), 1);
            slow.Add(DurationSketch.BinOf(3600 + i * 60), 1);
        }
        Assert.True(DurationSketch.MedianTest(fast, slow) < 0.001);
        Assert.True(DurationSketch.MedianTest(fast, fast) > 0.5);
    }

    [Fact]
    public void Periods_Farvardin1404_Is21MarchTo20April2025()
    {
        var day = new DateOnly(2025, 4, 1).DayNumber;
        var month = MetricPeriods.Of(day, PeriodGranularity.Month, CalendarKind.Persian);
        Assert.Equal("1404-01", month.Key);
        Assert.Equal(new DateOnly(2025, 3, 21), DateOnly.FromDayNumber(month.Start));
        Assert.Equal(new DateOnly(2025, 4, 20), DateOnly.FromDayNumber(month.End));
        // The day before is the last of Esfand 1403 (a leap year: 30 days).
        var esfand = MetricPeriods.Of(new DateOnly(2025, 3, 20).DayNumber, PeriodGranularity.Month, CalendarKind.Persian);
        Assert.Equal(("1403-12", new DateOnly(2025, 2, 19)), (esfand.Key, DateOnly.FromDayNumber(esfand.Start)));
    }

    [Fact]
    public void Periods_WeeksQuartersAndYears_FollowTheCalendar()
    {
        // 2025-03-21 was a Friday: the Persian week began on Saturday 15 March, the ISO week on Monday 17 March.
        var friday = new DateOnly(2025, 3, 21).DayNumber;
        Assert.Equal(new DateOnly(2025, 3, 15), DateOnly.FromDayNumber(MetricPeriods.Of(friday, PeriodGranularity.Week, CalendarKind.Persian).Start));
        Assert.Equal(new DateOnly(2025, 3, 17), DateOnly.FromDayNumber(MetricPeriods.Of(friday, PeriodGranularity.Week, CalendarKind.Gregorian).Start));
        Assert.Equal("1404-Q1", MetricPeriods.Of(friday, PeriodGranularity.Quarter, CalendarKind.Persian).Key);
        Assert.Equal("2025-Q1", MetricPeriods.Of(friday, PeriodGranularity.Quarter, CalendarKind.Gregorian).Key);
        var year = MetricPeriods.Of(friday, PeriodGranularity.Year, CalendarKind.Persian);
        Assert.Equal(("1404", 365), (year.Key, year.End - year.Start + 1));
        var months = MetricPeriods.Between(new DateOnly(2025, 3, 1).DayNumber, new DateOnly(2025, 5, 31).DayNumber, PeriodGranularity.Month, CalendarKind.Persian);
        Assert.Equal(["1403-12", "1404-01", "1404-02", "1404-03"], months.Select(m => m.Key));
    }
}
