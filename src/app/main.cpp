#include "app/app.hpp"

int main(int argc, char** argv) {
  return scale::app::run(argc, argv);
}
