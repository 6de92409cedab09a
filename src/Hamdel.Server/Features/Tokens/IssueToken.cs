using FluentValidation;
using Hamdel.Server.Features.Audit;
using Hamdel.Server.Infrastructure.Auth;
using Hamdel.Server.Infrastructure.Data;
using Hamdel.Server.Infrastructure.Errors;
using Microsoft.Extensions.Options;

namespace Hamdel.Server.Features.Tokens;

/// <summary>Creates a bearer token, either for a session (<c>POST /api/v1/auth/token</c>) or a named personal token.</summary>
internal static class IssueToken
{
    internal sealed record PersonalRequest(string? Name, int? ExpiresInDays);

    /// <summary>The token itself appears only in this answer; Hamdel keeps only its hash.</summary>
    internal sealed record Response(string Token, DateTimeOffset? ExpiresAt, TokenDto Details);

    internal sealed class PersonalValidator : AbstractValidator<PersonalRequest>
    {
        public PersonalValidator()
        {
            RuleFor(r => r.Name).NotEmpty().MaximumLength(Limits.TokenNameLength);
            RuleFor(r => r.ExpiresInDays).InclusiveBetween(1, 3650).When(r => r.ExpiresInDays is not null);
        }
    }

    internal sealed class Handler(HamdelDbContext db, TimeProvider time, AuditLog audit, IOptions<AuthOptions> options)
    {
        private static readonly PersonalValidator Validation = new();

        public async Task<Response> IssueSessionAsync(Guid userId, CancellationToken cancellationToken)
        {
            var now = time.GetUtcNow();
            return await IssueAsync(userId, ApiTokenKind.Session, "session", now + options.Value.SessionTokenLifetime, audited: false, cancellationToken);
        }

        public async Task<Outcome<Response>> CreatePersonalAsync(Guid userId, PersonalRequest request, CancellationToken cancellationToken)
        {
            var validation = await Validation.ValidateAsync(request, cancellationToken);
            if (!validation.IsValid)
            {
                return Failure.Invalid(validation);
            }
            var expires = request.ExpiresInDays is { } days ? time.GetUtcNow().AddDays(days) : (DateTimeOffset?)null;
            return await IssueAsync(userId, ApiTokenKind.Personal, request.Name!.Trim(), expires, audited: true, cancellationToken);
        }

        private async Task<Response> IssueAsync(Guid userId, ApiTokenKind kind, string name, DateTimeOffset? expiresAt, bool audited, CancellationToken cancellationToken)
        {
            var secret = Secrets.Create(ApiTokenAuthenticationHandler.TokenPrefix);
            var token = new ApiToken
            {
                UserId = userId,
                Name = name,
                Kind = kind,
                TokenHash = Secrets.Hash(secret),
                Prefix = secret[..12],
                CreatedAt = time.GetUtcNow(),
                ExpiresAt = expiresAt,
            };
            db.ApiTokens.Add(token);
            if (audited)
            {
                audit.Record(AuditActions.TokenCreated, userId, targetType: "token", targetId: token.Id.ToString(), details: name);
            }
            await db.SaveChangesAsync(cancellationToken);
            return new Response(secret, expiresAt, TokenDto.From(token));
        }
    }
}

internal sealed record TokenDto(Guid Id, string Name, ApiTokenKind Kind, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt)
{
    public static TokenDto From(ApiToken t) => new(t.Id, t.Name, t.Kind, t.Prefix, t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt);
}
