"""PA announcer: Vietnamese number reading, clip voice pack, composer and player."""
