using FluentValidation;
using Hamdel.Server.Features.Audit;
using Hamdel.Server.Infrastructure.Data;
using Hamdel.Server.Infrastructure.Errors;
using Microsoft.AspNetCore.Identity;

namespace Hamdel.Server.Features.Users;

/// <summary>
/// Checks an e-mail and password for both the sign-in page and <c>POST /api/v1/auth/token</c>,
/// counting failures towards lockout and recording every attempt in the audit log. The answer for
/// an unknown e-mail is the same as for a wrong password, so addresses cannot be probed.
/// </summary>
internal static class CheckCredentials
{
    internal sealed record Request(string? Email, string? Password);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Email).NotEmpty().MaximumLength(Limits.EmailLength);
            RuleFor(r => r.Password).NotEmpty().MaximumLength(Limits.PasswordMaxLength);
        }
    }

    internal sealed class Handler(HamdelDbContext db, UserManager<User> users, SignInManager<User> signIn, AuditLog audit, TimeProvider time)
    {
        private static readonly Validator Validation = new();

        public async Task<Outcome<User>> ExecuteAsync(Request request, CancellationToken cancellationToken)
        {
            var validation = await Validation.ValidateAsync(request, cancellationToken);
            if (!validation.IsValid)
            {
                return Failure.Invalid(validation);
            }

            var email = request.Email!.Trim().ToLowerInvariant();
            var user = await users.FindByEmailAsync(email);
            if (user is null)
            {
                audit.Record(AuditActions.SignInFailed, null, details: "unknown e-mail");
                await db.SaveChangesAsync(cancellationToken);
                return Failure.Unauthorized(Strings.Get("Auth.WrongCredentials"));
            }

            var result = await signIn.CheckPasswordSignInAsync(user, request.Password!, lockoutOnFailure: true);
            if (result.Succeeded)
            {
                audit.Record(AuditActions.SignedIn, user.Id);
                await db.SaveChangesAsync(cancellationToken);
                return user;
            }

            audit.Record(result.IsLockedOut ? AuditActions.LockedOut : AuditActions.SignInFailed, user.Id);
            await db.SaveChangesAsync(cancellationToken);
            if (result.IsLockedOut)
            {
                var until = await users.GetLockoutEndDateAsync(user);
                var minutes = until is null ? 0 : Math.Max(1, (int)Math.Ceiling((until.Value - time.GetUtcNow()).TotalMinutes));
                return Failure.Unauthorized(Strings.Format("Auth.LockedOut", minutes));
            }
            return Failure.Unauthorized(Strings.Get("Auth.WrongCredentials"));
        }
    }
}
