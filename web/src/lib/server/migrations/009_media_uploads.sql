-- Who stored which media, for the per-wallet byte quota and the collection of unreferenced media.

-- Up Migration
create table web.media_uploads (
  hash text not null check (hash ~ '^[0-9a-f]{64}$'),
  uploader text not null,
  bytes integer not null check (bytes >= 0),
  -- 'image' (an upload) or 'document' (listing metadata or a deal note, which refers to images)
  kind text not null check (kind in ('image', 'document')),
  refers_to text[] not null default '{}',
  created_at timestamptz not null default now(),
  primary key (hash, uploader)
);
create index media_uploads_uploader_idx on web.media_uploads (uploader);
create index media_uploads_created_at_idx on web.media_uploads (created_at);

-- Down Migration
drop table web.media_uploads;
