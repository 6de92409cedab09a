using Hamdel.Server.Features.Audit;
using Hamdel.Server.Infrastructure.Data;
using Hamdel.Server.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Features.Tokens;

/// <summary>A person's own personal access tokens: list and revoke.</summary>
internal static class ManageTokens
{
    internal sealed class Handler(HamdelDbContext db, TimeProvider time, AuditLog audit)
    {
        public async Task<List<TokenDto>> ListAsync(Guid userId, CancellationToken cancellationToken)
        {
            var tokens = await db.ApiTokens.AsNoTracking()
                .Where(t => t.UserId == userId && t.Kind == ApiTokenKind.Personal)
                .OrderByDescending(t => t.Id)
                .ToListAsync(cancellationToken);
            return [.. tokens.Select(TokenDto.From)];
        }

        public async Task<Outcome<TokenDto>> RevokeAsync(Guid userId, Guid tokenId, CancellationToken cancellationToken)
        {
            var token = await db.ApiTokens.SingleOrDefaultAsync(t => t.Id == tokenId && t.UserId == userId, cancellationToken);
            if (token is null)
            {
                return Failure.NotFound(Strings.Get("Token.NotFound"));
            }
            if (token.RevokedAt is null)
            {
                token.RevokedAt = time.GetUtcNow();
                audit.Record(AuditActions.TokenRevoked, userId, targetType: "token", targetId: token.Id.ToString(), details: token.Name);
                await db.SaveChangesAsync(cancellationToken);
            }
            return TokenDto.From(token);
        }
    }
}
