// libpq from Debian's libpq-dev (header in /usr/include/postgresql). Only PartnerPostgres
// includes it: the file store never needs it.
#include <postgresql/libpq-fe.h>
