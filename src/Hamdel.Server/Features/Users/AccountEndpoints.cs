using Hamdel.Server.Infrastructure.Api;
using Hamdel.Server.Infrastructure.Localization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;

namespace Hamdel.Server.Features.Users;

/// <summary>
/// The form posts behind the sign-in pages. They are plain HTML forms (with antiforgery tokens),
/// so signing in works without JavaScript and sets the cookie on a real HTTP response.
/// </summary>
internal static class AccountEndpoints
{
    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/account").ExcludeFromDescription();

        account.MapPost("/login", async ([FromForm] string? email, [FromForm] string? password, [FromForm] bool? remember, [FromForm] string? returnUrl,
                CheckCredentials.Handler credentials, SignInManager<User> signIn, FlashMessages flash, CancellationToken ct) =>
            {
                var result = await credentials.ExecuteAsync(new CheckCredentials.Request(email, password), ct);
                if (!result.Succeeded)
                {
                    var error = Uri.EscapeDataString(flash.Protect(result.Failure!.Detail));
                    return Results.LocalRedirect($"/account/login?error={error}&email={Uri.EscapeDataString(email ?? "")}&returnUrl={Uri.EscapeDataString(SafeReturnUrl(returnUrl))}");
                }
                await signIn.SignInAsync(result.Value!, isPersistent: remember == true);
                return Results.LocalRedirect(SafeReturnUrl(returnUrl));
            })
            .RequireRateLimiting(RateLimits.SignIn);

        account.MapPost("/logout", async (SignInManager<User> signIn) =>
        {
            await signIn.SignOutAsync();
            return Results.LocalRedirect("/account/login");
        });

        // After a profile change: re-issue the cookie so its claims (language, calendar, time zone)
        // are the new ones, then go back. A full page load follows, so the UI re-renders in the new
        // language and direction.
        account.MapGet("/refresh", async (string? returnUrl, HttpContext http, SignInManager<User> signIn, UserManager<User> users) =>
        {
            if (await users.GetUserAsync(http.User) is { } user)
            {
                await signIn.RefreshSignInAsync(user);
                SetLanguageCookie(http, user.Language);
            }
            return Results.LocalRedirect(SafeReturnUrl(returnUrl));
        }).RequireAuthorization();

        // The language switch on the sign-in page, for people who are not signed in yet.
        account.MapGet("/language/{language}", (string language, string? returnUrl, HttpContext http) =>
        {
            if (Intl.IsSupportedLanguage(language))
            {
                SetLanguageCookie(http, language);
            }
            return Results.LocalRedirect(SafeReturnUrl(returnUrl));
        });

        account.MapPost("/invite/{token}", async (string token, [FromForm] string? password, AcceptInvitation.Handler handler, SignInManager<User> signIn, FlashMessages flash, CancellationToken ct) =>
            {
                var result = await handler.ExecuteAsync(token, new AcceptInvitation.Request(password), ct);
                if (!result.Succeeded)
                {
                    return Results.LocalRedirect($"/account/invite/{Uri.EscapeDataString(token)}?error={Uri.EscapeDataString(flash.Protect(result.Failure!.Detail))}");
                }
                await signIn.SignInAsync(result.Value!, isPersistent: false);
                return Results.LocalRedirect("/");
            })
            .RequireRateLimiting(RateLimits.SignIn);
    }

    private static void SetLanguageCookie(HttpContext http, string language) =>
        http.Response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(language)),
            new CookieOptions { Expires = DateTimeOffset.MaxValue, IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });

    /// <summary>Only paths on this site, so the sign-in page cannot be used to redirect elsewhere.</summary>
    private static string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl
            : "/";
}
