-- The artist filter matches the track's artist or the album's; with this index beside
-- `videos_by_artist` both halves are found by index, instead of walking every item newest
-- first for an artist with few of them.

CREATE INDEX videos_by_album_artist ON videos (album_artist, album);
