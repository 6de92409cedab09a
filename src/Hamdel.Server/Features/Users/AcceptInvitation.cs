using FluentValidation;
using Hamdel.Server.Features.Audit;
using Hamdel.Server.Infrastructure.Auth;
using Hamdel.Server.Infrastructure.Data;
using Hamdel.Server.Infrastructure.Errors;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Features.Users;

/// <summary>An invited person follows their link once and chooses a password.</summary>
internal static class AcceptInvitation
{
    internal sealed record Request(string? Password);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator() => RuleFor(r => r.Password).NotEmpty().MinimumLength(Limits.PasswordMinLength).MaximumLength(Limits.PasswordMaxLength);
    }

    internal sealed class Handler(HamdelDbContext db, UserManager<User> users, TimeProvider time, AuditLog audit)
    {
        private static readonly Validator Validation = new();

        /// <summary>Finds the invitation a link stands for, if it can still be used.</summary>
        public async Task<Outcome<(Invitation Invitation, User User)>> FindAsync(string secret, CancellationToken cancellationToken)
        {
            var hash = Secrets.Hash(secret);
            var invitation = await db.Invitations.SingleOrDefaultAsync(i => i.TokenHash == hash, cancellationToken);
            if (invitation is null)
            {
                return Failure.NotFound(Strings.Get("Invitation.Unknown"));
            }
            if (invitation.AcceptedAt is not null)
            {
                return Failure.Gone(Strings.Get("Invitation.Used"));
            }
            if (invitation.ExpiresAt <= time.GetUtcNow())
            {
                return Failure.Gone(Strings.Get("Invitation.Expired"));
            }
            var user = await users.FindByIdAsync(invitation.UserId.ToString());
            return user is null ? Failure.NotFound(Strings.Get("Invitation.Unknown")) : (invitation, user);
        }

        public async Task<Outcome<User>> ExecuteAsync(string secret, Request request, CancellationToken cancellationToken)
        {
            var found = await FindAsync(secret, cancellationToken);
            if (!found.Succeeded)
            {
                return found.Failure!;
            }
            var validation = await Validation.ValidateAsync(request, cancellationToken);
            if (!validation.IsValid)
            {
                return Failure.Invalid(validation);
            }

            var (invitation, user) = found.Value;
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var result = await users.AddPasswordAsync(user, request.Password!);
            if (!result.Succeeded)
            {
                return AddMember.IdentityFailure(result);
            }
            invitation.AcceptedAt = time.GetUtcNow();
            audit.Record(AuditActions.PasswordSet, user.Id, invitation.WorkspaceId, "invitation", invitation.Id.ToString());
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return user;
        }
    }
}
