using Hamdel.Text.Normalization;

namespace Hamdel.Text.Tests;

public sealed class NormalizationTests
{
    [Theory]
    [InlineData("كيك", "کیک")]
    [InlineData("۱۲۳", "123")]
    [InlineData("١٢٣", "123")]
    [InlineData("می‌خواهم", "میخواهم")]
    [InlineData("مُحَمَّد", "محمد")]
    [InlineData("سـلـام", "سلام")]
    [InlineData("Café", "cafe")]
    [InlineData("HELLO  World", "hello world")]
    [InlineData("مسأله", "مساله")]
    [InlineData("مدرسة", "مدرسه")]
    [InlineData("ﻛﻴﻚ", "کیک")]
    [InlineData("ＡＢＣ", "abc")]
    public void Key_SpellingVariants_AreIdentical(string left, string right) =>
        Assert.Equal(SearchNormalizer.Key(left), SearchNormalizer.Key(right));

    [Fact]
    public void Key_AlreadyAKey_ReturnsSameInstance()
    {
        const string key = "order 123 کیک";
        Assert.Same(key, SearchNormalizer.Key(key));
    }

    [Theory]
    [InlineData(null, "")]
    [InlineData("", "")]
    [InlineData("   ", "")]
    [InlineData("\uD800abc", "abc")]
    public void Key_EdgeInput_IsDefined(string? input, string expected) =>
        Assert.Equal(expected, SearchNormalizer.Key(input));

    [Fact]
    public void Normalize_PersianZwnjInsideWord_IsKept()
    {
        Assert.Equal("می\u200Cخواهم", TextNormalizer.Normalize("می\u200Cخواهم", "fa"));
        Assert.Equal("ميخواهم", TextNormalizer.Normalize("می\u200C\u200Cخواهم", "ar"));
        Assert.Equal("خوب", TextNormalizer.Normalize("\u200Cخوب\u200C", "fa"));
    }

    [Theory]
    [InlineData("خیلیییییی خوب", "fa", "خیلی خوب")]
    [InlineData("soooooo good", "en", "soo good")]
    [InlineData("هههههههه", "fa", "ههه")]
    [InlineData("عاااالی", "fa", "عالی")]
    [InlineData("ممنون", "fa", "ممنون")]
    [InlineData("الله", "ar", "الله")]
    [InlineData("wow!!!!!!!", "en", "wow!!!")]
    public void Normalize_Elongation_IsReduced(string input, string language, string expected) =>
        Assert.Equal(expected, TextNormalizer.Normalize(input, language));

    [Theory]
    [InlineData("كتاب يك", "fa", "کتاب یک")]
    [InlineData("کتاب یک", "ar", "كتاب يك")]
    [InlineData("إلى أين؟", "ar", "الي اين?")]
    [InlineData("سفارش ۱۲ ساعت", "fa", "سفارش 12 ساعت")]
    [InlineData("جَيِّدٌ جـــدا", "ar", "جيد جدا")]
    [InlineData("GOOD Food", "en", "good food")]
    public void Normalize_LettersDigitsAndMarks_AreUnified(string input, string language, string expected) =>
        Assert.Equal(expected, TextNormalizer.Normalize(input, language));

    [Fact]
    public void Normalize_UrlEmailPhone_AreMasked()
    {
        var normalized = TextNormalizer.Normalize("see https://x.com/a?b=1 or write to a.b@shop.ir, call ۰۹۱۲ ۱۲۳ ۴۵۶۷", "en");
        Assert.Equal("see _url_ or write to _email_ , call _phone_", normalized);
    }

    [Fact]
    public void Normalize_ShortNumbersAndPrices_AreNotPhones() =>
        Assert.Equal("150000 تومان 2 عدد", TextNormalizer.Normalize("۱۵۰۰۰۰ تومان ۲ عدد", "fa"));

    [Fact]
    public void Normalize_Emoji_AreKept() =>
        Assert.Equal("عالی 😍👍🏽", TextNormalizer.Normalize("عالی 😍👍🏽", "fa"));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("\uD83D")]
    [InlineData("\uDE00\uD83D abc")]
    [InlineData("\u200C\u200F\uFEFF")]
    public void Normalize_BadInput_DoesNotThrow(string? input) =>
        Assert.NotNull(TextNormalizer.Normalize(input));
}
