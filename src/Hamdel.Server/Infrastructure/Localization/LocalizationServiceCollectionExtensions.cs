using System.Globalization;
using System.Security.Claims;
using Hamdel.Server.Infrastructure.Auth;
using Microsoft.AspNetCore.Localization;

namespace Hamdel.Server.Infrastructure.Localization;

internal static class LocalizationServiceCollectionExtensions
{
    public static IServiceCollection AddHamdelLocalization(this IServiceCollection services)
    {
        services.AddLocalization();
        services.Configure<RequestLocalizationOptions>(options =>
        {
            var cultures = Intl.Languages.Select(CultureInfo.GetCultureInfo).ToList();
            options.DefaultRequestCulture = new RequestCulture("en");
            options.SupportedCultures = cultures;
            options.SupportedUICultures = cultures;
            options.FallBackToParentCultures = true;
            options.FallBackToParentUICultures = true;
            // An API client that asks for a language gets it. Otherwise a signed-in person's own
            // choice wins (browsers always send Accept-Language, which should not override the
            // profile); then the language picked on the sign-in page (cookie); then Accept-Language.
            options.RequestCultureProviders =
            [
                // Public pages for customers (forms, surveys) are linked with ?lang=fa: the link wins.
                // Not on a signed-in person's own pages: their live connection to the server carries
                // no ?lang, so the page would be laid out in one language and written in another.
                new CustomRequestCultureProvider(context =>
                {
                    if (context.User.Identity?.IsAuthenticated == true && !IsPublicPage(context.Request.Path))
                    {
                        return Task.FromResult<ProviderCultureResult?>(null);
                    }
                    var language = context.Request.Query["lang"].ToString();
                    return Task.FromResult(Intl.IsSupportedLanguage(language) ? new ProviderCultureResult(language) : null);
                }),
                new CustomRequestCultureProvider(async context =>
                    context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal) && context.Request.Headers.AcceptLanguage.Count > 0
                        ? await new AcceptLanguageHeaderRequestCultureProvider().DetermineProviderCultureResult(context)
                        : null),
                new CustomRequestCultureProvider(context =>
                {
                    var language = context.User.FindFirstValue(HamdelClaims.Language);
                    return Task.FromResult(Intl.IsSupportedLanguage(language) ? new ProviderCultureResult(language) : null);
                }),
                new CookieRequestCultureProvider(),
                new AcceptLanguageHeaderRequestCultureProvider(),
            ];
        });
        return services;
    }

    /// <summary>Pages customers and visitors open from a link: contact forms, surveys, sign-in and invitations.</summary>
    private static bool IsPublicPage(PathString path) =>
        path.StartsWithSegments("/f", StringComparison.Ordinal) || path.StartsWithSegments("/s", StringComparison.Ordinal)
        || path.StartsWithSegments("/p", StringComparison.Ordinal) || path.StartsWithSegments("/account", StringComparison.Ordinal)
        || path.StartsWithSegments("/api/v1/public", StringComparison.Ordinal);
}
