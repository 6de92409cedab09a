using System.Security.Claims;
using System.Text.Encodings.Web;
using Hamdel.Server.Infrastructure.Data;
using Hamdel.Server.Infrastructure.Localization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Hamdel.Server.Infrastructure.Auth;

/// <summary>
/// Authenticates <c>Authorization: Bearer hmd_...</c> against the stored token hashes, in one query
/// that also reads the user's preferences. Failures are answered with problem details saying why
/// (missing, unknown, expired or revoked token).
/// </summary>
internal sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    HamdelDbContext db,
    TimeProvider time,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";
    public const string TokenPrefix = "hmd_";
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    // Runs on every API request: compiled once (see WorkspaceAccess for why).
    private static readonly PerProviderQuery<string, TokenRow?> TokenQuery = new((db, hash, _) =>
        db.ApiTokens.AsNoTracking()
            .Where(t => t.TokenHash == hash)
            .Select(t => new TokenRow(t.Id, t.UserId, t.ExpiresAt, t.RevokedAt, t.LastUsedAt, t.User!.Email, t.User.DisplayName, t.User.Language, t.User.Calendar, t.User.TimeZone, t.User.IsInstanceAdmin))
            .SingleOrDefault());

    private sealed record TokenRow(Guid Id, Guid UserId, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt,
        string? Email, string DisplayName, string Language, CalendarKind Calendar, string TimeZone, bool IsInstanceAdmin);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header) || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }
        var secret = header["Bearer ".Length..].Trim();
        if (!secret.StartsWith(TokenPrefix, StringComparison.Ordinal))
        {
            return AuthenticateResult.Fail(Strings.Get("Auth.TokenMalformed"));
        }

        var found = await TokenQuery.RunAsync(db, Secrets.Hash(secret), Context.RequestAborted);
        var now = time.GetUtcNow();
        if (found is null)
        {
            return AuthenticateResult.Fail(Strings.Get("Auth.TokenUnknown"));
        }
        if (found.RevokedAt is not null)
        {
            return AuthenticateResult.Fail(Strings.Get("Auth.TokenRevoked"));
        }
        if (found.ExpiresAt <= now)
        {
            return AuthenticateResult.Fail(Strings.Get("Auth.TokenExpired"));
        }

        if (found.LastUsedAt is null || now - found.LastUsedAt > LastUsedResolution)
        {
            // Recorded at minute resolution so a busy integration does not turn every read into a write.
            await db.ApiTokens.Where(t => t.Id == found.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), Context.RequestAborted);
        }

        var claims = HamdelClaims.For(found.UserId, found.Email ?? "", found.DisplayName, found.Language, found.Calendar, found.TimeZone, found.IsInstanceAdmin)
            .Append(new Claim(HamdelClaims.TokenId, found.Id.ToString()));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        // RFC 6750; the human-readable reason (possibly in Persian or Arabic) goes in the body, as
        // header values must be ASCII.
        Response.Headers.WWWAuthenticate = result.Failure is null ? "Bearer" : "Bearer error=\"invalid_token\"";
        await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = Strings.Get("Problem.Unauthorized"),
                Detail = result.Failure?.Message ?? Strings.Get("Auth.TokenMissing"),
            },
        });
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = StatusCodes.Status403Forbidden, Title = Strings.Get("Problem.Forbidden"), Detail = Strings.Get("Auth.Forbidden") },
        });
    }
}
