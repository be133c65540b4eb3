/* The version of the mig tools and of the migration file format they write. */
#ifndef MIG_VERSION_H
#define MIG_VERSION_H

#define MIG_VERSION "0.1.0"

#endif
