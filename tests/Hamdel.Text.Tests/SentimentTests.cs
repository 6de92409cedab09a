using Hamdel.Text.Sentiment;

namespace Hamdel.Text.Tests;

public sealed class SentimentTests
{
    [Theory]
    [InlineData("خوب نبود", "fa")]
    [InlineData("اصلا خوب نبود", "fa")]
    [InlineData("غذا گرم نبود", "fa")]
    [InlineData("راضی نیستم", "fa")]
    [InlineData("ليس جيدا", "ar")]
    [InlineData("الاكل مش حلو", "ar")]
    [InlineData("not good at all", "en")]
    [InlineData("The food wasn't good", "en")]
    [InlineData("I would never recommend this place", "en")]
    public void Analyze_NegatedPraise_IsNegative(string text, string language)
    {
        var sentiment = TextAnalyzer.Analyze(text, language).Sentiment;
        Assert.Equal(SentimentLabel.Negative, sentiment.Label);
        Assert.True(sentiment.Score < 0);
    }

    [Theory]
    [InlineData("بد نبود", "fa")]
    [InlineData("هیچ مشکلی نداشت", "fa")]
    [InlineData("no problems at all, thanks", "en")]
    public void Analyze_NegatedComplaint_IsNotNegative(string text, string language) =>
        Assert.True(TextAnalyzer.Analyze(text, language).Sentiment.Score > 0);

    [Theory]
    [InlineData("دیر رسید ولی خیلی خوشمزه بود", "fa")]
    [InlineData("The courier was late but the food was excellent", "en")]
    [InlineData("التوصيل تاخر لكن الاكل لذيذ جدا", "ar")]
    public void Analyze_ComplaintThenContrastThenPraise_IsNeverNegative(string text, string language) =>
        Assert.NotEqual(SentimentLabel.Negative, TextAnalyzer.Analyze(text, language).Sentiment.Label);

    [Theory]
    [InlineData("خوشمزه بود ولی خیلی دیر رسید و سرد بود", "fa")]
    [InlineData("The food was great but the delivery was awful and late", "en")]
    public void Analyze_PraiseThenContrastThenComplaint_IsNegative(string text, string language) =>
        Assert.Equal(SentimentLabel.Negative, TextAnalyzer.Analyze(text, language).Sentiment.Label);

    // Persian rules, checked on the lexicon alone so the trained model cannot hide a broken rule.
    [Theory]
    [InlineData("مشکلم درست نشد", -1)]             // the negated verb turns its predicate, not the subject
    [InlineData("گرم و تازه نبود", -1)]            // ... and a predicate joined to it by «و»
    [InlineData("بدون اطلاع قبلی کنسل شد", -1)]    // «بدون» governs its noun phrase, not the verb after it
    [InlineData("بدون هیچ دردسری انجام شد", 1)]
    [InlineData("هیچ مشکلی پیش نیومد", 1)]
    [InlineData("پشتیبانی جواب نداد", -1)]         // a bare negated verb: something expected did not happen
    [InlineData("هنوز خبری ازش نیست", -1)]
    [InlineData("با اینکه دیر رسید، خیلی خوب بود", 1)] // concessive clause counts half
    [InlineData("کارشون غیرحرفه‌ای بود", -1)]       // غیر/بی/نا + a lexicon word
    [InlineData("خیلی گرون‌تره", -1)]              // two suffixes: ـتر + ـه
    public void Analyze_PersianRules_LexiconSignAsExpected(string text, int sign) =>
        Assert.Equal(sign, Math.Sign(TextAnalyzer.AnalyzeSentiment(text, "fa", useModel: false).Score));

    [Theory]
    [InlineData("خیلی خوب", "خوب", "fa")]
    [InlineData("very good", "good", "en")]
    public void Analyze_Intensifier_StrengthensScore(string intensified, string plain, string language) =>
        Assert.True(TextAnalyzer.Analyze(intensified, language).Sentiment.Score > TextAnalyzer.Analyze(plain, language).Sentiment.Score);

    [Theory]
    [InlineData("😍😍")]
    [InlineData("👍")]
    [InlineData(":)")]
    public void Analyze_PositiveEmojiOnly_IsPositive(string text) =>
        Assert.Equal(SentimentLabel.Positive, TextAnalyzer.Analyze(text).Sentiment.Label);

    [Theory]
    [InlineData("😡😡😡")]
    [InlineData("👎")]
    [InlineData("غذا 😡")]
    public void Analyze_NegativeEmoji_IsNegative(string text) =>
        Assert.Equal(SentimentLabel.Negative, TextAnalyzer.Analyze(text).Sentiment.Label);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("12345")]
    [InlineData("۰۹۱۲۱۲۳۴۵۶۷")]
    [InlineData("\uD800\uDC00\uD800")]
    [InlineData("\uDFFF")]
    [InlineData("?!.,")]
    public void Analyze_NoContent_IsNeutralWithLowConfidence(string? text)
    {
        var analysis = TextAnalyzer.Analyze(text);
        Assert.Equal(SentimentLabel.Neutral, analysis.Sentiment.Label);
        Assert.True(analysis.Sentiment.Confidence <= 0.5);
        Assert.Equal(TextAnalyzer.ModelVersion, analysis.ModelVersion);
    }

    [Fact]
    public void Analyze_OneMegabyte_IsCappedAndFast()
    {
        var text = string.Concat(Enumerable.Repeat("غذا خیلی خوشمزه بود و پیک مودب بود. ", 30_000));
        Assert.True(text.Length > 1_000_000);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var analysis = TextAnalyzer.Analyze(text);
        Assert.Equal(SentimentLabel.Positive, analysis.Sentiment.Label);
        Assert.True(watch.ElapsedMilliseconds < 2000, $"took {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void Analyze_RandomGarbage_NeverThrows()
    {
        var random = new Random(7);
        for (var i = 0; i < 2000; i++)
        {
            var chars = new char[random.Next(0, 64)];
            for (var k = 0; k < chars.Length; k++)
            {
                chars[k] = (char)random.Next(0, 0x10000);
            }

            var analysis = TextAnalyzer.Analyze(new string(chars));
            Assert.InRange(analysis.Sentiment.Score, -1, 1);
            Assert.InRange(analysis.Sentiment.Confidence, 0, 1);
        }
    }

    [Fact]
    public void Analyze_ManyThreads_GiveSameResults()
    {
        string[] texts = ["خوب نبود", "ليس جيدا", "not good at all", "عالی بود ممنون", "رائع جدا", "great service"];
        var expected = texts.Select(t => TextAnalyzer.Analyze(t).Sentiment).ToArray();
        Parallel.For(0, 4000, i =>
        {
            var k = i % texts.Length;
            Assert.Equal(expected[k], TextAnalyzer.Analyze(texts[k]).Sentiment);
        });
    }

    [Fact]
    public void Analyze_LanguageHint_OverridesDetection()
    {
        var analysis = TextAnalyzer.Analyze("سلام", "ar-SA");
        Assert.Equal("ar", analysis.Language);
        Assert.Equal(1, analysis.LanguageConfidence);
    }

    [Fact]
    public void Models_Shipped_CarryTheLibraryVersion()
    {
        foreach (var language in new[] { "en", "ar", "fa" })
        {
            var model = SentimentEngine.ModelFor(language);
            Assert.NotNull(model);
            Assert.Equal(TextAnalyzer.ModelVersion, model.Version);
        }
    }
}
