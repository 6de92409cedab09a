using FluentValidation;
using Hamdel.Server.Features.Audit;
using Hamdel.Server.Infrastructure.Data;
using Hamdel.Server.Infrastructure.Errors;
using Hamdel.Server.Infrastructure.Localization;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Features.Users;

internal sealed record ProfileDto(Guid Id, string Email, string DisplayName, string Language, CalendarKind Calendar, string TimeZone, bool IsInstanceAdmin)
{
    public static ProfileDto From(User u) => new(u.Id, u.Email!, u.DisplayName, u.Language, u.Calendar, u.TimeZone, u.IsInstanceAdmin);
}

/// <summary>A person's own name, language, calendar and time zone.</summary>
internal static class UpdateProfile
{
    internal sealed record Request(string? DisplayName, string? Language, CalendarKind? Calendar, string? TimeZone);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.DisplayName).NotEmpty().MaximumLength(Limits.NameLength);
            RuleFor(r => r.Language).NotEmpty().Must(Intl.IsSupportedLanguage)
                .WithMessage(_ => Strings.Format("Error.Language", string.Join(", ", Intl.Languages)));
            RuleFor(r => r.Calendar).NotNull();
            RuleFor(r => r.TimeZone).NotEmpty().Must(tz => Intl.FindTimeZone(tz) is not null)
                .WithMessage(r => Strings.Format("Error.TimeZone", r.TimeZone));
        }
    }

    internal sealed class Handler(HamdelDbContext db, AuditLog audit)
    {
        private static readonly Validator Validation = new();

        public async Task<Outcome<ProfileDto>> ExecuteAsync(Guid userId, Request request, CancellationToken cancellationToken)
        {
            var validation = await Validation.ValidateAsync(request, cancellationToken);
            if (!validation.IsValid)
            {
                return Failure.Invalid(validation);
            }
            var user = await db.Users.SingleAsync(u => u.Id == userId, cancellationToken);
            user.DisplayName = request.DisplayName!.Trim();
            user.Language = request.Language!;
            user.Calendar = request.Calendar!.Value;
            user.TimeZone = Intl.FindTimeZone(request.TimeZone)!.Id;
            audit.Record(AuditActions.ProfileChanged, userId, details: $"{user.Language}, {user.Calendar}, {user.TimeZone}");
            await db.SaveChangesAsync(cancellationToken);
            return ProfileDto.From(user);
        }
    }
}
