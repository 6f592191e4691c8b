using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Shop.Domain.Email;

namespace Shop.Infrastructure.Persistence.Configurations;

internal sealed class OutboxEmailConfiguration : IEntityTypeConfiguration<OutboxEmail>
{
    public void Configure(EntityTypeBuilder<OutboxEmail> builder)
    {
        builder.ToTable("outbox_emails");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.ToAddress).HasMaxLength(OutboxEmail.MaxAddressLength).IsRequired();
        builder.Property(e => e.ToName).HasMaxLength(OutboxEmail.MaxNameLength).IsRequired();
        builder.Property(e => e.Subject).HasMaxLength(OutboxEmail.MaxSubjectLength).IsRequired();
        builder.Property(e => e.TextBody).IsRequired();
        builder.Property(e => e.HtmlBody).IsRequired();
        builder.Property(e => e.LastError).HasMaxLength(OutboxEmail.MaxErrorLength);

        // The dispatcher's query: unsent rows that are due, oldest first.
        builder.HasIndex(e => new { e.SentAt, e.FailedAt, e.NextAttemptAt });
    }
}
